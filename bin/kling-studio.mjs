#!/usr/bin/env node
// The `kling-studio` bin: runs the built CLI (dist-cli/kling-studio.mjs and its chunks, made
// by `npm run build`) with plain node: no TypeScript compiler and no devDependency at run time.
// The path is resolved against this file, not the cwd. In development, `npm run cli -- …`
// runs the sources through tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-cli/kling-studio.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    `error: the kling-studio CLI is not built (${fileURLToPath(bundle)} is missing).\n` +
      'Build it with `npm run build` (or just the CLI: `npm run build:cli`) in the project folder,\n' +
      'or run the sources in development with `npm run cli -- <command>`.\n',
  );
  process.exit(1);
}
await import(bundle.href);
