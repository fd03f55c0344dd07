import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderManifest } from '../../../shared/job';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI_MAIN = join(ROOT, 'electron', 'cli', 'main.ts');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliChild {
  child: ChildProcess;
  exited: Promise<Exit>;
}

/**
 * The real CLI as its own process: `node --import tsx electron/cli/main.ts …` (node itself,
 * not npx, so a SIGKILL hits the process doing the work). Only PATH is inherited: no stray key.
 */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`kling-studio ${args.join(' ')} did not exit in ${timeoutMs} ms\n${stderr}`),
      );
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exited };
}

/** Every render.json under <home>/renders that parses right now (writes are atomic renames). */
export async function manifestsIn(home: string): Promise<RenderManifest[]> {
  const ids = await readdir(join(home, 'renders')).catch(() => [] as string[]);
  const found: RenderManifest[] = [];
  for (const id of ids) {
    try {
      found.push(JSON.parse(await readFile(join(home, 'renders', id, 'render.json'), 'utf8')));
    } catch {
      // Not written yet.
    }
  }
  return found;
}
