/** Runs the real CLI as a child process, the way a user or a script does. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderManifest } from '../../shared/job';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI_MAIN = join(ROOT, 'electron', 'cli', 'main.ts');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  /** The whole environment of the child (nothing is inherited but PATH): no stray real key. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed (stdin is always a pipe, never a TTY). */
  input?: string;
  timeoutMs?: number;
  /** The command to run instead of `node --import tsx electron/cli/main.ts`. */
  command?: string[];
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Resolves when the process exits (or is killed after timeoutMs, which rejects). */
  done: Promise<CliRun>;
}

export function spawnCli(args: string[], options: SpawnOptions): SpawnedCli {
  const command = options.command ?? [process.execPath, '--import', 'tsx', CLI_MAIN];
  const [file, ...prefix] = command as [string, ...string[]];
  const child = spawn(file, [...prefix, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(options.input ?? '');
  const timeoutMs = options.timeoutMs ?? 45_000;
  const done = new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`kling-studio ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stderr}`),
      );
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export const runCli = (args: string[], options: SpawnOptions) => spawnCli(args, options).done;

/** A temp folder per test; remove() in afterEach. */
export async function tempDir(prefix: string) {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Every render.json under <home>/renders, as written by the child (may be mid-write: skipped). */
export async function manifestsOnDisk(home: string): Promise<RenderManifest[]> {
  const ids = await readdir(join(home, 'renders')).catch(() => [] as string[]);
  const found: RenderManifest[] = [];
  for (const id of ids) {
    try {
      found.push(JSON.parse(await readFile(join(home, 'renders', id, 'render.json'), 'utf8')));
    } catch {
      // Not there yet, or replaced at this instant: the next look finds it.
    }
  }
  return found;
}

/** Polls a condition every 10 ms; throws after timeoutMs so every test stays bounded. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every file under a folder, recursively (relative paths). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The environment of a CLI run on `home` against an emulator (HOME too: no user files leak in). */
export const cliEnv = (home: string, emulator: { apiBase: string; apiKey: string }) => ({
  HOME: home,
  KLING_STUDIO_HOME: home,
  WESHOP_API_BASE: emulator.apiBase,
  WESHOP_API_KEY: emulator.apiKey,
});
