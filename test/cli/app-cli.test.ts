import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { cliEnv, ROOT, runCli, tempDir } from './helpers';

/**
 * The app executable as the CLI: `<app> --cli …` is what the installed launcher runs (the
 * RunAsNode fuse is off, so it cannot be ELECTRON_RUN_AS_NODE). The Electron binary cannot
 * run here, so the app's real entry (dist-electron/main.cjs, built from electron/boot.ts by
 * the same `vite build --mode electron` as `npm run build`) runs under node with a stub for
 * the 'electron' module that fails loudly if anything touches it.
 */
let out: { path: string; remove: () => Promise<void> };
let MAIN: string;
const STUB = join(ROOT, 'test', 'cli', 'support', 'electron-stub.cjs');
beforeAll(async () => {
  // Inside the project, as the packaged app's main.cjs sits beside its node_modules: the
  // bundle loads better-sqlite3 and trash from there at run time (never bundled: native /
  // paths computed at run time), which a folder in the OS temp dir cannot reach.
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  const path = await mkdtemp(join(ROOT, '.tmp', 'app-entry-'));
  out = { path, remove: () => rm(path, { recursive: true, force: true }) };
  MAIN = join(out.path, 'main.cjs');
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--mode',
      'electron',
      '--outDir',
      out.path,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT },
  );
}, 120_000);
afterAll(() => out?.remove());

let emulator: RunningEmulator;
let home: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  emulator = await startEmulator({ timings: { pendingMs: 50, segmentingMs: 50, runningMs: 100 } });
  home = await tempDir('kling-app-cli-home-');
});
afterEach(async () => {
  await emulator.close();
  await home.remove();
});

const app = (argv: string[], env: Record<string, string>) =>
  runCli(argv, { command: [process.execPath, '--require', STUB, MAIN], cwd: home.path, env });

describe('the app executable started with --cli', { timeout: 120_000 }, () => {
  it('answers --version and renders, without touching Electron, and exits with the code', async () => {
    const version = await app(['--cli', '--version'], { HOME: home.path });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    // Chromium switches before --cli are not the CLI's (the launcher passes only --cli).
    const run = await app(
      ['--no-sandbox', '--cli', 'generate', FIXTURES.pngImage, '-p', 'wave', '--json'],
      cliEnv(home.path, emulator),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'done' });

    const usage = await app(['--cli', 'generate'], { HOME: home.path });
    expect(usage.code).toBe(2);
  });

  it('delete moves the folder to the OS trash through Electron, once the app is ready', async () => {
    const made = await app(
      ['--cli', 'generate', FIXTURES.pngImage, '-p', 'wave', '--json'],
      cliEnv(home.path, emulator),
    );
    expect(made.code, made.stderr).toBe(0);
    const { id } = JSON.parse(made.stdout) as { id: string };
    // The stub's shell.trashItem moves into this folder (the packaged app has no `trash`
    // package; the node CLI's would have put it in $HOME's freedesktop.org Trash instead).
    const trash = join(home.path, 'os-trash');
    await mkdir(trash);
    const run = await app(['--cli', 'delete', id, '--yes'], {
      ...cliEnv(home.path, emulator),
      KLING_STUB_TRASH: trash,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Moved ${id} to the trash`);
    expect(await readdir(trash)).toEqual([id]);
    expect(await readdir(join(home.path, 'trash-pending')).catch(() => [])).toEqual([]);
    const calls = (await readFile(`${trash}.log`, 'utf8')).trim().split('\n');
    expect(calls).toEqual([
      'app.whenReady',
      'ready',
      `shell.trashItem ${join(home.path, 'trash-pending', id)}`,
    ]);
  });

  it('starts the desktop shell (which uses Electron) without --cli', async () => {
    const run = await app([], { HOME: home.path, KLING_STUDIO_HOME: home.path });
    expect(run.code).toBe(97);
    expect(run.stderr).toContain('electron-stub: the app shell used electron.');
  });
});
