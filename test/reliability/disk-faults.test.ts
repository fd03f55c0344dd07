import { execFile, spawnSync } from 'node:child_process';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import { logFilePath } from '../../electron/logging/logger';
import type { RenderManifest } from '../../shared/job';
import {
  CLI_MAIN,
  cliEnv,
  manifestsOnDisk,
  runCli,
  spawnCli,
  tempDir,
  waitFor,
} from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';

/*
 * Real disk faults under the real CLI: a full disk (a small tmpfs mounted over the renders
 * folder) right after WeShop answered a start, a read-only home, and an index.json that
 * became a folder. A paid run id is never dropped, and every message names the place, the
 * cause and the next step, never a raw "ENOSPC: no space left on device".
 */

const run = promisify(execFile);
/** The support-log line of a failed run-id save (SAVE_FAILED in recover-run-ids.ts). */
const SAVE_FAILED = 'could not save the run id; trying again';

/** Why a tmpfs cannot be mounted here (the test is skipped with it), or null. */
function mountProblem(): string | null {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs (CAP_SYS_ADMIN)';
  const probe = spawnSync(
    'sh',
    [
      '-c',
      'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s',
    ],
    { encoding: 'utf8' },
  );
  return probe.status === 0 ? null : `mount -t tmpfs is not permitted here: ${probe.stderr.trim()}`;
}
const cannotMount = mountProblem();

let emulator: RunningEmulator | undefined;
let home: { path: string; remove: () => Promise<void> };
let cleanup: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
  await emulator?.close();
  emulator = undefined;
  await home?.remove();
});

async function setUp(prefix: string) {
  home = await tempDir(prefix);
  emulator = await startEmulator({
    honourIdempotencyKey: false, // a second start would be a second run: "one" is ours
    timings: { pendingMs: 100, segmentingMs: 100, runningMs: 200 },
  });
  return { emu: emulator, env: cliEnv(home.path, emulator) };
}

const startsOf = (e: RunningEmulator) =>
  e.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/runs'));

/** A tmpfs of `bytes` over `path`, unmounted after the test. */
async function mountTmpfs(path: string, bytes: number): Promise<void> {
  await mkdir(path, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', path]);
  cleanup.push(() => run('umount', ['-l', path]));
}

/** Fills the file system holding `dir` to the last page; returns the file to delete. */
async function fillUp(dir: string): Promise<string> {
  const filler = join(dir, 'filler');
  const file = await open(filler, 'w');
  try {
    for (const size of [1 << 16, 4096, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          await file.write(chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    await file.close();
  }
  return filler;
}

const logText = () => readFile(logFilePath(home.path), 'utf8').catch(() => '');

/** `generate --json` held at its start; returns once WeShop has it and startSentAt is on disk. */
async function generateHeldAtStart(emu: RunningEmulator, env: Record<string, string>) {
  const gate = new AbortController();
  cleanup.push(async () => gate.abort());
  emu.inject({
    fault: { kind: 'slow', delayMs: 60_000, until: gate.signal },
    match: { method: 'POST', path: '/agent/runs' },
  });
  const spawned = spawnCli(['generate', FIXTURES.pngImage, '-p', 'a full disk', '--json'], {
    env,
    timeoutMs: 90_000,
  });
  cleanup.push(async () => spawned.child.kill('SIGKILL'));
  let stderr = '';
  spawned.child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const manifest = await waitFor(
    async () => (await manifestsOnDisk(home.path)).find((m) => m.startSentAt),
    'startSentAt on disk',
    30_000,
  );
  await waitFor(() => startsOf(emu).length === 1, 'the start to reach WeShop');
  return { spawned, manifest, stderr: () => stderr, answer: () => gate.abort() };
}

const readManifest = async (id: string) =>
  JSON.parse(
    await readFile(join(home.path, 'renders', id, 'render.json'), 'utf8'),
  ) as RenderManifest;

describe.skipIf(cannotMount !== null)('a full disk right after WeShop answered a start', () => {
  it('Ctrl-C keeps saving the run id and says what to free; once there is space it is saved and collected', async () => {
    const { emu, env } = await setUp('kling-full-disk-');
    const renders = join(home.path, 'renders');
    await mountTmpfs(renders, 4 * 1024 * 1024);
    const held = await generateHeldAtStart(emu, env);
    const filler = await fillUp(renders);
    held.answer();
    await waitFor(async () => (await logText()).includes(SAVE_FAILED), 'a failed save');

    held.spawned.child.kill('SIGINT');
    const folder = join(renders, held.manifest.id);
    await waitFor(
      () => held.stderr().includes(`Saving the run id of ${held.manifest.id}`),
      'the saving line',
    );
    expect(held.stderr()).toContain(
      `Saving the run id of ${held.manifest.id} (WeShop is already making it) — free space on ${folder}; press Ctrl-C again to quit anyway (the run stays paid; \`kling-studio resume\` recovers it from the log)`,
    );
    // Still trying after the Ctrl-C (it used to stop after three attempts and exit 1).
    const failures = () => logText().then((t) => t.split(SAVE_FAILED).length - 1);
    const before = await failures();
    await waitFor(async () => (await failures()) > before + 1, 'more attempts after Ctrl-C');
    expect(held.spawned.child.exitCode).toBeNull();

    await rm(filler);
    const stopped = await held.spawned.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).not.toMatch(/ENOSPC|no space left/);
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      id: held.manifest.id,
      state: 'running',
      executionId: expect.any(String),
    });
    const saved = await readManifest(held.manifest.id);
    expect(saved.executionId).toBe(JSON.parse(stopped.stdout).executionId);

    const resumed = await runCli(['resume', '--json'], { env, timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await readManifest(held.manifest.id)).toMatchObject({
      state: 'done',
      executionId: saved.executionId,
    });
    expect(emu.startAttemptsByIdempotencyKey().get(saved.idempotencyKey)).toBe(1);
    expect(emu.runCount()).toBe(1);
  }, 120_000);

  it('a second Ctrl-C quits anyway, says what that costs and still prints the run id; resume recovers it', async () => {
    const { emu, env } = await setUp('kling-full-disk-quit-');
    const renders = join(home.path, 'renders');
    await mountTmpfs(renders, 4 * 1024 * 1024);
    const held = await generateHeldAtStart(emu, env);
    const filler = await fillUp(renders);
    held.answer();
    await waitFor(async () => (await logText()).includes(SAVE_FAILED), 'a failed save');
    held.spawned.child.kill('SIGINT');
    await waitFor(() => held.stderr().includes('Saving the run id'), 'the saving line');
    held.spawned.child.kill('SIGINT');

    const quit = await held.spawned.done;
    expect(quit.code).toBe(130);
    const result = JSON.parse(quit.stdout) as { id: string; executionId: string; warning: string };
    expect(result).toMatchObject({ id: held.manifest.id, state: 'starting' });
    expect(result.executionId).toMatch(/\S/);
    expect(result.warning).toMatch(/paid for on WeShop; `kling-studio resume` recovers it/);
    expect(quit.stderr).toContain(
      `Quitting without saving the run id of ${held.manifest.id}: run ${result.executionId} is paid for on WeShop`,
    );
    expect(quit.stderr).not.toMatch(/ENOSPC|no space left/);
    expect((await readManifest(held.manifest.id)).executionId).toBeUndefined();

    await rm(filler);
    const resumed = await runCli(['resume', '--json'], { env, timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `Recovered run ${result.executionId} of ${held.manifest.id} from the started-runs journal`,
    );
    const final = await readManifest(held.manifest.id);
    expect(final).toMatchObject({ state: 'done', executionId: result.executionId });
    expect(emu.startAttemptsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
    expect(emu.runCount()).toBe(1);
  }, 120_000);
});

describe.skipIf(cannotMount !== null)('a read-only home', () => {
  it('generate says where and what to do, never a raw EROFS, and starts nothing', async () => {
    const { emu, env } = await setUp('kling-ro-home-');
    // A library that was used once, then its disk became read-only.
    const first = await runCli(['generate', FIXTURES.pngImage, '-p', 'before'], { env });
    expect(first.code, first.stderr).toBe(0);
    await run('mount', ['--bind', home.path, home.path]);
    cleanup.push(() => run('umount', ['-l', home.path]));
    await run('mount', ['-o', 'remount,bind,ro', home.path]);
    const starts = startsOf(emu).length;

    const refused = await runCli(['generate', FIXTURES.pngImage, '-p', 'after'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: ${join(home.path, 'renders')} is on a read-only disk: make it writable, or point KLING_STUDIO_HOME at a writable folder, then try again\\.$`,
        'm',
      ),
    );
    expect(refused.stderr).not.toMatch(/EROFS:|read-only file system,/);
    expect(startsOf(emu)).toHaveLength(starts);
  }, 120_000);
});

/** Why the CLI cannot be run as another user here (chmod does not stop root), or null. */
function otherUserProblem(): string | null {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root to run the CLI as another user';
  const probe = spawnSync('setpriv', [...AS_NOBODY.slice(1), 'true'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `setpriv is not usable here: ${probe.stderr.trim()}`;
}
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const cannotSwitchUser = otherUserProblem();

describe.skipIf(cannotSwitchUser !== null)('a folder of the library the user may not write', () => {
  it('library.sqlite owned by another user: the render is done, exit 0, and the warning says what to make writable', async () => {
    const { env } = await setUp('kling-eacces-');
    const index = join(home.path, 'library.sqlite');
    const first = createLibrary({ home: home.path });
    await first.list();
    await first.close();
    // Everything but the index file belongs to the user running the CLI.
    await run('chown', ['-R', '65534:65534', home.path]);
    await run('chown', ['0:0', index]);
    const done = await runCli(['generate', FIXTURES.pngImage, '-p', 'no index', '--json'], {
      env,
      timeoutMs: 60_000,
      command: [...AS_NOBODY, process.execPath, '--import', 'tsx', CLI_MAIN],
    });
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ state: 'done' });
    expect(done.stderr).toMatch(/^warning: the library index was not saved: /m);
    expect(done.stderr).toContain(index);
    expect(done.stderr).not.toMatch(/SQLITE_|permission denied,/);
  }, 90_000);
});

describe('library.sqlite became a folder', () => {
  it('the render is done and the CLI exits 0; the index problem is a warning that says what to do', async () => {
    const { env } = await setUp('kling-index-dir-');
    await mkdir(join(home.path, 'library.sqlite', 'x'), { recursive: true });
    const done = await runCli(
      ['generate', FIXTURES.pngImage, '-p', 'index as a folder', '--json'],
      {
        env,
        timeoutMs: 60_000,
      },
    );
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as { id: string; state: string; videos: string[] };
    expect(result.state).toBe('done');
    expect(result.videos).toHaveLength(1);
    expect((await readManifest(result.id)).state).toBe('done');
    expect(done.stderr).toContain(
      `warning: the library index was not saved: ${join(home.path, 'library.sqlite')} is a folder where Kling Studio keeps a file: move that folder out of the way, then the next Kling Studio command or app start rebuilds the index`,
    );
    expect(done.stderr).not.toMatch(/EISDIR/);

    // Deleting it works too: the folder is gone, exit 0, the index is the same warning.
    const deleted = await runCli(['delete', result.id], { env, timeoutMs: 60_000 });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`Moved ${result.id} to the trash`);
    expect(deleted.stderr).toContain('warning: the library index was not saved:');
    expect(deleted.stderr).not.toMatch(/EISDIR|^error:/m);
    await expect(readManifest(result.id)).rejects.toThrow();
  }, 90_000);
});
