import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../cli/helpers';

/**
 * The shipped CLI (`vite build --mode cli`, what bin/kling-studio.mjs runs), built into a fresh
 * directory inside the project (.tmp/, ignored by git); returns the command that runs it and how
 * to remove it. A suite that starts dozens of processes uses it: plain node on one bundled file
 * starts in a fifth of the CPU time tsx needs to load the sources.
 *
 * Inside the project, not the OS temp dir: the bundle keeps native packages external (the
 * library's better-sqlite3, keytar), and Node resolves them from the bundle's own place up to
 * node_modules, as it does for the shipped dist-cli/.
 */
export async function buildCliBundle(): Promise<{
  command: string[];
  remove: () => Promise<void>;
}> {
  const parent = join(ROOT, '.tmp');
  await mkdir(parent, { recursive: true });
  const outDir = await mkdtemp(join(parent, 'cli-bundle-'));
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--mode', 'cli', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT },
  );
  return {
    command: [process.execPath, join(outDir, 'kling-studio.mjs')],
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}
