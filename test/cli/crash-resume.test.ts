import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { cliEnv, filesUnder, manifestsOnDisk, runCli, spawnCli, tempDir, waitFor } from './helpers';

let emulator: RunningEmulator | undefined;
let home: { path: string; remove: () => Promise<void> };
let killLater: (() => void) | undefined;

beforeEach(async () => {
  home = await tempDir('kling-cli-crash-');
});
afterEach(async () => {
  killLater?.();
  killLater = undefined;
  await emulator?.close();
  emulator = undefined;
  await home.remove();
});

async function start(timings: { pendingMs: number; segmentingMs: number; runningMs: number }) {
  // Idempotency-Key ignored: "exactly one start" after kill -9 + resume is the CLI's doing.
  emulator = await startEmulator({ timings, honourIdempotencyKey: false });
  return emulator;
}

const envFor = (emu: RunningEmulator) => cliEnv(home.path, emu);

/** Starts `generate` in the background; the returned manifest is the first one on disk matching `ready`. */
async function generateUntil(
  emu: RunningEmulator,
  ready: (m: RenderManifest) => Promise<boolean> | boolean,
  what: string,
) {
  const spawned = spawnCli(['generate', FIXTURES.pngImage, '-p', 'crash test', '--json'], {
    env: envFor(emu),
    timeoutMs: 60_000,
  });
  killLater = () => spawned.child.kill('SIGKILL');
  let exited = false;
  spawned.done.then(
    () => {
      exited = true;
    },
    () => {
      exited = true;
    },
  );
  const manifest = await waitFor(
    async () => {
      if (exited) throw new Error(`the CLI exited before ${what}: ${(await spawned.done).stderr}`);
      for (const m of await manifestsOnDisk(home.path)) if (await ready(m)) return m;
      return null;
    },
    what,
    30_000,
  );
  return { spawned, manifest };
}

async function expectVideosEqualCdn(emu: RunningEmulator, m: RenderManifest) {
  expect(m.state).toBe('done');
  expect(m.videos.length).toBeGreaterThan(0);
  for (const video of m.videos) {
    const bytes = await readFile(join(home.path, 'renders', m.id, video.file as string));
    expect(bytes.equals(await emu.videoBytes(video.url)), video.url).toBe(true);
  }
}

const readManifest = async (id: string) =>
  JSON.parse(
    await readFile(join(home.path, 'renders', id, 'render.json'), 'utf8'),
  ) as RenderManifest;

describe('crash and resume', { timeout: 120_000 }, () => {
  it('kill -9 while polling, then resume: done, and the run was started exactly once', async () => {
    // A long Pending: the CLI is certainly polling when it is killed.
    const emu = await start({ pendingMs: 5_000, segmentingMs: 500, runningMs: 500 });
    const { spawned, manifest } = await generateUntil(
      emu,
      (m) => Boolean(m.executionId),
      'a run id on disk',
    );
    spawned.child.kill('SIGKILL');
    const killed = await spawned.done;
    expect(killed.signal).toBe('SIGKILL');
    const left = await readManifest(manifest.id);
    expect(left.state).toBe('running');
    expect(emu.requests.filter((r) => r.origin === 'cdn' && r.path.includes('.mp4'))).toEqual([]);

    const resumed = await runCli(['resume', '--json'], { env: envFor(emu), timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    const body = JSON.parse(resumed.stdout);
    expect(body.needsAttention).toEqual([]);
    expect(body.finished).toEqual([expect.objectContaining({ id: manifest.id, state: 'done' })]);

    const final = await readManifest(manifest.id);
    expect(final.executionId).toBe(left.executionId);
    expect(emu.startsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
    expect(emu.startAttemptsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
    expect(emu.runCount()).toBe(1);
    await expectVideosEqualCdn(emu, final);
    expect(body.finished[0].videos).toEqual(
      final.videos.map((v) => join(home.path, 'renders', final.id, v.file as string)),
    );
  });

  it('kill -9 mid-download, then resume: the rest comes with a Range request, no .part left', async () => {
    const emu = await start({ pendingMs: 50, segmentingMs: 50, runningMs: 100 });
    // Every video response is cut after 300 bytes, so the download stays in progress.
    emu.inject({
      fault: { kind: 'cut-download', afterBytes: 300 },
      match: { origin: 'cdn', path: /\/videos\// },
      times: Number.POSITIVE_INFINITY,
    });
    const partOf = (m: RenderManifest) => join(home.path, 'renders', m.id, 'video-1.mp4.part');
    const { spawned, manifest } = await generateUntil(
      emu,
      async (m) => ((await stat(partOf(m)).catch(() => null))?.size ?? 0) > 0,
      'a partial download on disk',
    );
    spawned.child.kill('SIGKILL');
    expect((await spawned.done).signal).toBe('SIGKILL');
    const partSize = (await stat(partOf(manifest))).size;
    expect(partSize).toBeGreaterThan(0);
    expect((await readManifest(manifest.id)).state).toBe('downloading');
    await expect(stat(join(home.path, 'renders', manifest.id, 'video-1.mp4'))).rejects.toThrow();

    emu.clearFaults();
    const before = emu.requests.length;
    const resumed = await runCli(['resume'], { env: envFor(emu), timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${manifest.id} done: 1 video`);

    const final = await readManifest(manifest.id);
    await expectVideosEqualCdn(emu, final);
    const videoPath = new URL(final.videos[0]?.url as string).pathname;
    const after = emu.requests
      .slice(before)
      .filter((r) => r.origin === 'cdn' && r.path === videoPath);
    expect(after[0]?.headers.range).toBe(`bytes=${partSize}-`);
    expect(after[0]?.status).toBe(206);
    expect((await filesUnder(home.path)).filter((f) => f.endsWith('.part'))).toEqual([]);
    // Resuming a download never starts a new run.
    expect(emu.startAttemptsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
  });

  it('Ctrl-C stops cleanly, says how to resume, and resume finishes the render', async () => {
    const emu = await start({ pendingMs: 5_000, segmentingMs: 300, runningMs: 300 });
    const { spawned, manifest } = await generateUntil(
      emu,
      (m) => Boolean(m.executionId),
      'a run id on disk',
    );
    spawned.child.kill('SIGINT');
    const stopped = await spawned.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('kling-studio resume');
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ id: manifest.id, state: 'running' });
    expect((await readManifest(manifest.id)).state).toBe('running');

    const resumed = await runCli(['resume'], { env: envFor(emu), timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    const final = await readManifest(manifest.id);
    await expectVideosEqualCdn(emu, final);
    expect(emu.startAttemptsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
  });

  it('kill -9 while the start request is unanswered: resume never starts again, lists it, exits 1', async () => {
    const emu = await start({ pendingMs: 50, segmentingMs: 50, runningMs: 50 });
    // WeShop creates the run but its answer never comes: the start may or may not have counted.
    emu.inject({ fault: { kind: 'hang' }, match: { method: 'POST', path: '/agent/runs' } });
    const { spawned, manifest } = await generateUntil(
      emu,
      (m) => m.state === 'starting' && Boolean(m.startSentAt),
      'a start request on its way',
    );
    await waitFor(async () => emu.runCount() === 1, 'the run to exist on the emulator');
    spawned.child.kill('SIGKILL');
    await spawned.done;

    const resumed = await runCli(['resume'], { env: envFor(emu), timeoutMs: 60_000 });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(
      new RegExp(`^error: ${manifest.id} needs attention: .*charge twice`, 'm'),
    );
    const final = await readManifest(manifest.id);
    expect(final.state).toBe('needs-attention');
    expect(emu.startAttemptsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
  });

  it('resume with nothing unfinished says so and exits 0', async () => {
    const emu = await start({ pendingMs: 50, segmentingMs: 50, runningMs: 50 });
    const run = await runCli(['resume'], { env: envFor(emu) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('Nothing to resume.');
    expect(emu.requests).toEqual([]);
    expect(await manifestsOnDisk(home.path)).toEqual([]);
  });
});
