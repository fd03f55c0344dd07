#!/usr/bin/env node
// The `kling-studio` bin: runs the TypeScript CLI through tsx, from any working directory
// (the path is resolved against this file, not the cwd).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../electron/cli/main.ts', import.meta.url).href);
