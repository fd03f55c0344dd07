import { relative } from 'node:path';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

// Test-only code (fakes, throw-away servers, the WeShop emulator, renderer test bridges) must
// never ship: it would be dead weight at best, and a fake that answers like WeShop at worst.
// Each shipped bundle (renderer, main, preload, CLI) is built in memory with the real vite.config.ts and its module list read.
const root = new URL('../..', import.meta.url).pathname;

const TEST_ONLY = [
  /^electron\/(?:.+\/)?testing\//,
  /^renderer\/testing\//,
  /^test\//,
  /\.(?:test|spec)\.tsx?$/,
  /(?:^|\/)fake-[^/]*$/,
  /emulator/,
];
const isTestOnly = (file: string) => TEST_ONLY.some((pattern) => pattern.test(file));

async function buildInMemory(
  mode: 'production' | 'electron' | 'preload' | 'cli',
): Promise<Rollup.OutputChunk[]> {
  const result = await build({
    configFile: `${root}vite.config.ts`,
    // The renderer's build has its own root (renderer/, where index.html is).
    root: mode === 'production' ? `${root}renderer` : root,
    mode,
    logLevel: 'silent',
    build: { write: false, sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs
    .flatMap((output) => output.output)
    .flatMap((item) => (item.type === 'chunk' ? [item] : []));
}

async function bundledSources(
  mode: 'production' | 'electron' | 'preload' | 'cli',
): Promise<string[]> {
  return (await buildInMemory(mode))
    .flatMap((chunk) => chunk.moduleIds)
    .filter((id) => id.startsWith(root) && !id.includes('/node_modules/'))
    .map((id) => relative(root, id));
}

describe('shipped bundles hold no test-only code', () => {
  it('recognises test-only paths (so an empty finding means something)', () => {
    expect(
      [
        'electron/testing/local-servers.ts',
        'electron/engine/testing/fake-weshop.ts',
        'electron/weshop/fake-fetch.ts',
        'renderer/testing/fake-bridge.ts',
        'test/emulator/server.ts',
        'electron/engine/engine.test.ts',
      ].filter(isTestOnly),
    ).toHaveLength(6);
    expect(
      ['electron/app/core.ts', 'shared/job.ts', 'electron/cli/main.ts'].filter(isTestOnly),
    ).toEqual([]);
  });

  it.each([
    ['production', 'renderer/main.tsx'],
    ['electron', 'electron/app/core.ts'],
    ['preload', 'electron/preload.ts'],
    ['cli', 'electron/cli/program.ts'],
  ] as const)('the %s bundle', async (mode, expected) => {
    const sources = await bundledSources(mode);
    expect(sources).toContain(expected);
    expect(sources.filter(isTestOnly)).toEqual([]);
  });
});

describe('native modules stay outside the bundles (their .node files load from node_modules)', () => {
  it.each(['electron', 'cli'] as const)('the %s bundle imports better-sqlite3', async (mode) => {
    const chunks = await buildInMemory(mode);
    expect(chunks.flatMap((chunk) => [...chunk.imports, ...chunk.dynamicImports])).toContain(
      'better-sqlite3',
    );
    expect(
      chunks.flatMap((chunk) => chunk.moduleIds).filter((id) => id.includes('better-sqlite3')),
    ).toEqual([]);
  });
});
