// `npm test` runs Doyensec's Electronegativity over the app's own sources (the shell, the
// core, the renderer and its index.html) and fails on any finding that is not in
// allowlist.json with a reason. Entries that no longer match also fail, so the list stays
// reviewed rather than growing stale.
//
// Electronegativity 1.10 predates this toolchain, so two of its requires are redirected here:
// - its TypeScript parser (@typescript-eslint/typescript-estree, hoisted to the top level)
//   would load the project's TypeScript 7, which has no JS API; it gets the TypeScript 4.2
//   Electronegativity ships in its own node_modules;
// - it fetches translations (and, in one global check, Electron's release list) from the
//   internet; tests here reach only 127.0.0.1, so `got` fails at once and that check is off.
//   Which Electron we ship is checked by test/unit/packaging.test.ts instead.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const toolDir = join(root, 'node_modules', '@doyensec', 'electronegativity');
const nestedTypescript = join(toolDir, 'node_modules', 'typescript');

type Resolve = (
  request: string,
  parent: { filename?: string } | undefined,
  ...rest: unknown[]
) => string;
const Module = require('node:module') as { _resolveFilename: Resolve };
const offlineGot = join(import.meta.dirname, 'offline-got.cjs');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const from = parent?.filename ?? '';
  if (request === 'typescript' && from.includes(`${sep}@typescript-eslint${sep}`)) {
    return resolveFilename.call(this, nestedTypescript, parent, ...rest);
  }
  if (request === 'got' && from.startsWith(toolDir)) {
    return resolveFilename.call(this, offlineGot, parent, ...rest);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

const Allowlist = z.array(
  z.strictObject({
    check: z.string().min(1),
    file: z.string().min(1),
    reason: z.string().min(20, 'say why the finding is acceptable'),
  }),
);

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  manualReview: boolean;
}
type Runner = (options: Record<string, unknown>) => Promise<{
  issues: Issue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}>;

/** What is scanned: code that ships, not tests or test-only helpers. */
function shipped(path: string): boolean {
  if (/\.(test|spec)\.tsx?$/.test(path)) return false;
  return !path.split('/').some((part) => part === 'testing' || part === 'fixtures');
}

function copySources(into: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) return walk(path);
      return /\.(ts|tsx|html)$/.test(name) ? [path] : [];
    });
  for (const file of ['electron', 'shared', 'renderer'].flatMap(walk).filter(shipped)) {
    cpSync(join(root, file), join(into, file));
  }
  // Electronegativity reads the Electron version from package.json.
  cpSync(join(root, 'package.json'), join(into, 'package.json'));
}

async function main(): Promise<number> {
  const allowlist = Allowlist.parse(
    JSON.parse(readFileSync(join(import.meta.dirname, 'allowlist.json'), 'utf8')),
  );
  const stage = mkdtempSync(join(tmpdir(), 'kling-electronegativity-'));
  try {
    copySources(stage);
    const run = require(join(toolDir, 'dist', 'runner.js')) as Runner;
    const result = await run({
      input: stage,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      isRelative: false,
      electronUpgrade: undefined,
      parserPlugins: [],
    });
    let failed = false;
    for (const error of result.errors.filter((e) => !e.tolerable)) {
      console.error(`could not parse ${relative(stage, error.file)}: ${error.message}`);
      failed = true;
    }
    const used = new Set<number>();
    for (const issue of result.issues) {
      const file = relative(stage, issue.file).split(sep).join('/');
      const index = allowlist.findIndex((entry) => entry.check === issue.id && entry.file === file);
      if (index >= 0) {
        used.add(index);
        continue;
      }
      failed = true;
      console.error(
        `${issue.id} ${file}:${issue.location.line}:${issue.location.column} — ${issue.description}`,
      );
    }
    allowlist.forEach((entry, index) => {
      if (used.has(index)) return;
      failed = true;
      console.error(`allowlist entry no longer matches anything: ${entry.check} ${entry.file}`);
    });
    console.log(
      `electronegativity: ${result.issues.length} finding(s), ${used.size} allowlisted, ${
        failed ? 'FAILED' : 'ok'
      }`,
    );
    return failed ? 1 : 0;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

process.exitCode = await main();
