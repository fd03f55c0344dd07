import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The runtime rules (docs/architecture.md "Runtimes"): each wrong import is written into a
// throw-away tree that holds the repo's own biome.json / tsconfigs, and the real checker
// must refuse it, while a harmless file in the same place passes (so the test can fail).
const root = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = promisify(execFile);
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

type Diagnostic = { category: string; message: string };

/** Lints one file at `path` (relative, as it would sit in the repo) with the repo's biome.json. */
async function lint(path: string, source: string): Promise<Diagnostic[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kling-lint-'));
  scratch.push(dir);
  copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), source);
  const answer = await run(bin('biome'), ['lint', path, '--reporter=json'], { cwd: dir }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const report = JSON.parse(answer.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics;
}

/** Type-checks one file with the given runtime's tsconfig; returns tsc's output ('' = clean). */
async function typecheck(config: 'tsconfig.web.json' | 'tsconfig.node.json', source: string) {
  // Inside the repo (.tmp is ignored) so `types: ["node"]` resolves from node_modules.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'runtime-check-'));
  scratch.push(dir);
  writeFileSync(join(dir, 'probe.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(root, config), include: ['probe.ts'] }),
  );
  const answer = await run(bin('tsc'), ['-p', dir, '--noEmit']).then(
    (done) => done.stdout,
    (error: { stdout?: string }) => error.stdout ?? 'tsc failed without output',
  );
  return answer.trim();
}

const ELECTRON = ['elec', 'tron'].join('');
const categories = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.category);

describe('lint refuses a wrong import across runtimes', () => {
  it('passes a browser-safe file in renderer/ and shared/', async () => {
    expect(await lint('renderer/features/probe.ts', "export const x = new URL('a:b');\n")).toEqual(
      [],
    );
    expect(await lint('shared/probe.ts', 'export const x = globalThis.crypto;\n')).toEqual([]);
  });

  it.each([
    [
      'renderer/features/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ],
    ['shared/probe.ts', "import { join } from 'path';\nexport const x = join;\n"],
  ])('a Node built-in in %s', async (path, source) => {
    expect(categories(await lint(path, source))).toContain('lint/correctness/noNodejsModules');
  });

  it.each([
    ['renderer/probe.ts', 'export const x = process.env.HOME;\n'],
    ['shared/probe.ts', "export const x = Buffer.from('a');\n"],
  ])('a Node global in %s', async (path, source) => {
    expect(categories(await lint(path, source))).toContain('lint/style/noRestrictedGlobals');
  });

  it.each([
    [
      'renderer/features/queue/probe.ts',
      "import { x } from '../../../electron/app/core';\nexport const y = x;\n",
    ],
    ['shared/probe.ts', "import type { X } from '../electron/engine/types';\nexport type Y = X;\n"],
    // Spelled apart so layering.test.ts does not take this file for one importing electron.
    [
      'renderer/probe.ts',
      `import { ipcRenderer } from '${ELECTRON}';\nexport const y = ipcRenderer;\n`,
    ],
  ])('the main-process core from %s', async (path, source) => {
    expect(categories(await lint(path, source))).toContain('lint/style/noRestrictedImports');
  });

  it('renderer/ from electron/', async () => {
    const source = "import { bridge } from '../../renderer/bridge';\nexport const y = bridge;\n";
    expect(categories(await lint('electron/app/probe.ts', source))).toContain(
      'lint/style/noRestrictedImports',
    );
    expect(
      await lint('electron/app/probe.ts', "import { z } from 'zod';\nexport const y = z;\n"),
    ).toEqual([]);
  });
});

describe('typecheck keeps each runtime to its own globals', () => {
  it('the web config (renderer + shared) has the DOM and no Node types', async () => {
    expect(await typecheck('tsconfig.web.json', 'export const t = document.title;\n')).toBe('');
    expect(await typecheck('tsconfig.web.json', 'export const h = process.env.HOME;\n')).toMatch(
      /Cannot find name 'process'/,
    );
  });

  it('the node config (electron + configs) has Node and no DOM', async () => {
    expect(await typecheck('tsconfig.node.json', 'export const h = process.env.HOME;\n')).toBe('');
    expect(await typecheck('tsconfig.node.json', 'export const t = document.title;\n')).toMatch(
      /Cannot find name 'document'/,
    );
  });
});
