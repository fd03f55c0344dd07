import { relative } from 'node:path';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

// What each CLI command loads before it runs, read from the real dist-cli build (the same
// `vite build --mode cli` as `npm run build`, in memory): a chunk's static imports are loaded
// and evaluated with it, a dynamic import only when it runs. Start-up time follows this graph
// (issue 22: `--version` near bare node, `list` at 100,000 renders within 2× of it), so the
// graph is what is held here; timing itself is the benchmark's business (test/bench).
const root = new URL('../..', import.meta.url).pathname;

let chunks: Rollup.OutputChunk[];

beforeAll(async () => {
  const result = await build({
    configFile: `${root}vite.config.ts`,
    root,
    mode: 'cli',
    logLevel: 'silent',
    build: { write: false, sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  chunks = outputs
    .flatMap((output) => output.output)
    .flatMap((item) => (item.type === 'chunk' ? [item] : []));
}, 120_000);

const project = (id: string) => relative(root, id).replace(/^.*node_modules\//, 'node_modules/');

/** Every source module and every outside import loaded with the chunk holding `module`. */
function loadedWith(module: string): { modules: string[]; external: string[]; code: string[] } {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const start = chunks.find((chunk) => chunk.moduleIds.some((id) => project(id) === module));
  if (!start) throw new Error(`no chunk holds ${module}`);
  const seen = new Set<Rollup.OutputChunk>();
  const external = new Set<string>();
  const visit = (chunk: Rollup.OutputChunk) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) visit(next);
      else external.add(name);
    }
  };
  visit(start);
  const modules = [...seen].flatMap((chunk) => chunk.moduleIds);
  // Bundler helpers (\0rolldown/runtime.js) are no module of ours or of a package.
  return {
    modules: modules.filter((id) => !id.startsWith('\0')).map(project),
    external: [...external],
    code: [...seen].map((chunk) => chunk.code),
  };
}

/**
 * An Intl formatter made at a module's top level (not inside a function): creating one loads
 * ICU data, ~35 ms of a cold start, paid by every command that loads the module.
 */
const TOP_LEVEL_INTL = /^(?:var|let|const) [\w$]+ = new Intl\.\w+\(/gm;

/** What must never load before a command that does not use it runs. */
const HEAVY = [
  /^electron\/(app|engine|weshop|continue|images|variations|logging|secrets|credits)\//,
  /^electron\/library\/(os-trash|pending-trash)\.ts$/,
  /^electron\/cli\/(session|follow-job|follow-set|wait-jobs|request-input)\.ts$/,
  /^node_modules\/(pino|trash|keytar|image-size|cli-progress|better-sqlite3)\//,
];
const heavyIn = (modules: string[]) =>
  modules.filter((module) => HEAVY.some((pattern) => pattern.test(module)));

describe('what a CLI command loads at start-up (the dist-cli chunk graph)', () => {
  it('--version: the entry alone, no commander, zod or library code', () => {
    const { modules, external } = loadedWith('electron/cli/main.ts');
    expect(modules).toContain('electron/cli/main.ts');
    const alone = new Set(['electron/cli/main.ts', 'electron/cli/argv.ts', 'shared/version.ts']);
    // The version is package.json's, inlined.
    expect(modules.filter((module) => !alone.has(module) && module !== 'package.json')).toEqual([]);
    expect(external.filter((name) => !name.startsWith('node:'))).toEqual([]);
  });

  it('--help and every command line: the program, without any command behind it', () => {
    const { modules, external } = loadedWith('electron/cli/program.ts');
    expect(modules).toContain('node_modules/commander/lib/command.js');
    expect(heavyIn(modules)).toEqual([]);
    expect(modules.filter((module) => module.startsWith('electron/cli/commands/'))).toEqual([]);
    expect(modules.filter((module) => module.startsWith('electron/library/sqlite-index/'))).toEqual(
      [],
    );
    expect(external).not.toContain('better-sqlite3');
  });

  it('list: the library query path only (no engine, WeShop client, trash, logger or media code)', () => {
    const { modules, external } = loadedWith('electron/cli/commands/list.ts');
    expect(modules).toContain('electron/library/sqlite-index/store.ts');
    expect(heavyIn(modules)).toEqual([]);
    // SQLite and the trash are loaded by import() when used, never with the chunk.
    expect(external.filter((name) => !name.startsWith('node:'))).toEqual([]);
  });

  it('list: no budget rules, and no Intl formatter made while its modules load', () => {
    const { modules, code } = loadedWith('electron/cli/commands/list.ts');
    // The index reads a render's cost through shared/job.ts creditsOf.
    expect(modules).not.toContain('shared/credits.ts');
    expect(modules).not.toContain('shared/budget-checks.ts');
    expect(code.flatMap((text) => text.match(TOP_LEVEL_INTL) ?? [])).toEqual([]);
  });

  it('a command that renders still gets the engine, when it runs', () => {
    const { modules } = loadedWith('electron/cli/commands/generate.ts');
    expect(modules).toContain('electron/app/core.ts');
  });
});
