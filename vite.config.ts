import { builtinModules } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One config, two builds: `vite build` makes the renderer (dist/renderer);
// `vite build --mode electron` makes main.cjs and preload.cjs into dist-electron/ (CommonJS:
// sandboxed preloads must be, and one format keeps the two builds alike). Vitest reads the `test` block.
const nodeExternals = ['electron', 'keytar', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(({ mode }) => {
  if (mode === 'electron') {
    return {
      build: {
        outDir: 'dist-electron',
        emptyOutDir: true,
        target: 'node20',
        ssr: true,
        sourcemap: true,
        rollupOptions: {
          input: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
          external: nodeExternals,
          output: { format: 'cjs', entryFileNames: '[name].cjs', dir: 'dist-electron' },
        },
      },
      ssr: { noExternal: true, external: ['electron', 'keytar'] },
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
