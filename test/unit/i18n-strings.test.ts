import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../renderer/i18n/resources';
import { scanSource } from './support/i18n-scan';

// Every word the renderer shows goes through i18n (renderer/i18n, one namespace per feature in
// renderer/features/<feature>/strings.ts), and Chinese has every English key. A line that
// really is not for people (a brand-neutral symbol, a test id) says so: `// i18n-ignore: why`.
const root = join(import.meta.dirname, '..', '..');

/**
 * Files not converted yet. Remove yours as you convert it; this list must end empty (the test
 * fails for a listed file that has become clean, so the list only shrinks).
 */
const ALLOWLIST = new Set<string>([]);

/** Where the words live (strings files), tests, and test fakes are not scanned. */
const notScanned = (path: string) =>
  /\.test\.tsx?$/.test(path) ||
  path.endsWith('strings.ts') ||
  path.startsWith('renderer/testing/') ||
  path.startsWith('renderer/i18n/');

function rendererFiles(dir = 'renderer'): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return rendererFiles(path);
    return /\.tsx?$/.test(name) && !notScanned(path) ? [path] : [];
  });
}

const files = rendererFiles();
const findings = new Map(
  files.map((path) => [path, scanSource(path, readFileSync(join(root, path), 'utf8'))]),
);

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') flat.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) flat.set(k, v);
  }
  return flat;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('renderer strings go through i18n', () => {
  it('finds the renderer files', () => {
    expect(files).toContain('renderer/App.tsx');
  });

  it('has no user-visible literal text outside strings files (except the allowlist)', () => {
    const lines = [...findings]
      .filter(([path]) => !ALLOWLIST.has(path))
      .flatMap(([path, found]) => found.map((f) => `${path}:${f.line} ${f.why}: "${f.text}"`));
    expect(lines).toEqual([]);
  });

  it('keeps the allowlist to files that still need converting', () => {
    const stale = [...ALLOWLIST].filter((path) => (findings.get(path)?.length ?? 0) === 0);
    // A converted (or removed) file: take it off ALLOWLIST above.
    expect(stale).toEqual([]);
  });

  it('catches the kinds of text it is meant to', () => {
    const code = `
      export function A({ n }: { n: number }) {
        pushToast('success', 'Render queued');
        return (
          <div aria-label="Main" title={\`\${n} renders\`}>
            Hello
            {n > 1 ? 'Several' : 'One'}
            <input placeholder="Search" className="field" data-testid="x" />
            {t('components:screens.new')}
          </div>
        );
      }
      const TEXT = { label: 'Most credits first', value: 'cost-high' };
      const kind = n === 'ready' ? 1 : 2;`;
    const found = scanSource('x.tsx', code).map((f) => f.text);
    expect(found).toEqual([
      'Render queued',
      'Main',
      '0  renders',
      'Hello',
      'Several',
      'One',
      'Search',
      'Most credits first',
    ]);
  });
});

describe('every language has every word', () => {
  for (const [name, strings] of Object.entries(NAMESPACES)) {
    it(`namespace ${name}: zh-CN has every en key, none empty, same {{placeholders}}`, () => {
      const en = flatten(strings.en as Tree);
      const zh = flatten(strings['zh-CN'] as Tree);
      const problems: string[] = [];
      for (const [key, text] of en) {
        if (key.endsWith('_one')) continue; // Chinese has only the _other plural form.
        const chinese = zh.get(key);
        if (!chinese?.trim()) problems.push(`${key}: missing or empty in zh-CN`);
        else if (placeholders(chinese).join() !== placeholders(text).join()) {
          problems.push(`${key}: placeholders differ ("${text}" / "${chinese}")`);
        }
      }
      for (const key of zh.keys()) if (!en.has(key)) problems.push(`${key}: only in zh-CN`);
      expect(problems).toEqual([]);
    });
  }
});
