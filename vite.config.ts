import { builtinModules } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One config, two builds: `vite build` makes the renderer (dist/renderer);
// `vite build --mode electron` and `--mode preload` make dist-electron/main.cjs and
// preload.cjs (CommonJS: sandboxed preloads must be, and one format keeps them alike). Vitest reads the `test` block.
const nodeExternals = [
  'electron',
  'keytar',
  // Native (SQLite, the library's index): loads its .node file from node_modules at run time.
  'better-sqlite3',
  // The OS trash: its Linux mount lookup (@stroncium/procfs) require()s its parsers by computed
  // path, which a bundle cannot follow; loaded from node_modules like the native ones.
  'trash',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

export default defineConfig(({ mode }) => {
  if (mode === 'cli') {
    // `vite build --mode cli`: the CLI as ES modules (dist-cli/kling-studio.mjs and its
    // dist-cli/chunks/) that bin/kling-studio.mjs runs with plain node: no TypeScript or
    // devDependency at run time. Each command is a dynamic import (cli/command-loaders.ts) and
    // gets its own chunks, so a command loads only its own code: `--version` nothing, `list`
    // the library's query path (no engine, WeShop client, trash or media code).
    // keytar is native and stays external (loaded lazily, only for keychain commands).
    return {
      build: {
        outDir: 'dist-cli',
        emptyOutDir: true,
        target: 'node20',
        ssr: 'electron/cli/main.ts',
        sourcemap: true,
        rollupOptions: {
          external: nodeExternals,
          output: {
            format: 'es',
            entryFileNames: 'kling-studio.mjs',
            chunkFileNames: 'chunks/[name]-[hash].mjs',
            // CommonJS dependencies read __filename/__dirname (write-file-atomic seeds its temp
            // names with it), which an ES module does not have.
            banner: [
              "import { fileURLToPath as __klingPath } from 'node:url';",
              'const __filename = __klingPath(import.meta.url);',
              "const __dirname = __klingPath(new URL('.', import.meta.url));",
            ].join('\n'),
          },
        },
      },
      ssr: { noExternal: true, external: ['electron', 'keytar', 'better-sqlite3', 'trash'] },
    };
  }
  if (mode === 'electron' || mode === 'preload') {
    // Two builds, because a sandboxed preload may not require() anything but 'electron':
    // it must be one self-contained file, so it cannot share chunks with main.
    // main.cjs is built from boot.ts: it starts the app (main.ts) or, with `--cli`, the CLI.
    const entry = mode === 'electron' ? 'main' : 'preload';
    return {
      build: {
        outDir: 'dist-electron',
        emptyOutDir: mode === 'electron',
        target: 'node20',
        ssr: mode === 'electron' ? 'electron/boot.ts' : 'electron/preload.ts',
        sourcemap: true,
        rollupOptions: {
          external: nodeExternals,
          output: { format: 'cjs', entryFileNames: `${entry}.cjs`, codeSplitting: false },
        },
      },
      ssr: { noExternal: true, external: ['electron', 'keytar', 'better-sqlite3', 'trash'] },
    };
  }
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'chrome130' },
    test: {
      root: '.',
      include: [
        'shared/**/*.test.ts',
        'electron/**/*.test.ts',
        'renderer/**/*.test.{ts,tsx}',
        // Everything under test/ except Playwright's *.spec.ts (e2e) and the benchmarks.
        'test/**/*.test.ts',
      ],
      environment: 'node',
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
    },
  };
});
