/**
 * Kling 3.0 Omni and Motion Control renders survive what a `kling` render survives: kill -9 of
 * a polling generate then `resume` (the one paid run collected, never a second start), and
 * `retry` of a failed run (the new start carries every input: references, video, aspect).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { manifestsOnDisk, runCli, spawnCli, waitFor } from './helpers';
import { cliSandbox } from './sandbox';

// A long Pending: a generate is certainly polling when it is killed.
const cli = cliSandbox('kling-cli-agents-recovery-', {
  timings: { pendingMs: 3_000, segmentingMs: 100, runningMs: 200 },
});

const VIDEO = 'https://videos.example.com/walk.mp4';

const AGENTS: [string, string[], (params: Record<string, unknown>) => void][] = [
  [
    'kling-v3-omni',
    [
      FIXTURES.pngImage,
      FIXTURES.jpegImage,
      '--agent',
      'kling-v3-omni',
      '-p',
      'image 1 and image 2 on a beach',
      '--aspect',
      '1:1',
    ],
    (params) =>
      expect(params).toMatchObject({
        modelName: 'Kling_V3_Omni',
        aspectRatio: '1:1',
        images: [expect.any(String), expect.any(String)],
      }),
  ],
  [
    'kling-motion-control',
    [FIXTURES.pngImage, '--agent', 'kling-motion-control', '--ref-video', VIDEO, '-b', '2'],
    (params) =>
      expect(params).toEqual({ images: [expect.any(String)], videos: [VIDEO], batchCount: 2 }),
  ],
];

async function expectDoneOnDisk(m: RenderManifest) {
  expect(m.state).toBe('done');
  expect(m.videos.length).toBe(m.request.batchCount);
  for (const video of m.videos) {
    const bytes = await readFile(join(cli.home, 'renders', m.id, video.file as string));
    expect(bytes.equals(await cli.emulator.videoBytes(video.url))).toBe(true);
  }
}

describe('Omni and Motion Control: resume and retry', { timeout: 180_000 }, () => {
  it.each(AGENTS)(
    '%s: kill -9 while polling, then resume: done, one start, the same body',
    async (agent, args, checkParams) => {
      const spawned = spawnCli(['generate', ...args, '--json'], {
        env: cli.env(),
        timeoutMs: 90_000,
      });
      let exited = false;
      void spawned.done.then(
        () => {
          exited = true;
        },
        () => {
          exited = true;
        },
      );
      try {
        const running = await waitFor(
          async () => {
            if (exited) throw new Error(`generate exited early: ${(await spawned.done).stderr}`);
            return (await manifestsOnDisk(cli.home)).find((m) => m.executionId);
          },
          'a run id on disk',
          60_000,
        );
        spawned.child.kill('SIGKILL');
        expect((await spawned.done).signal).toBe('SIGKILL');
        expect((await cli.readManifest(running.id))?.state).toBe('running');

        const resumed = await runCli(['resume', '--json'], { env: cli.env(), timeoutMs: 90_000 });
        expect(resumed.code, resumed.stderr).toBe(0);
        const body = JSON.parse(resumed.stdout);
        expect(body.finished).toEqual([
          expect.objectContaining({ id: running.id, state: 'done', agent }),
        ]);
        const final = (await cli.readManifest(running.id)) as RenderManifest;
        await expectDoneOnDisk(final);
        expect(final.executionId).toBe(running.executionId);
        // One paid run, started once, with this agent's body.
        const runs = cli.emulator.createdRuns();
        expect(runs).toHaveLength(1);
        expect(runs[0]?.agent).toBe(agent);
        expect(cli.emulator.startAttemptsByIdempotencyKey().get(final.idempotencyKey)).toBe(1);
        checkParams(JSON.parse(runs[0]?.body ?? '{}').params);
      } finally {
        spawned.child.kill('SIGKILL');
      }
    },
  );

  it.each(AGENTS)(
    '%s: a failed run, then retry: a new start with every input of the first',
    async (agent, args, checkParams) => {
      cli.emulator.inject({
        fault: { kind: 'run-fails', reason: 'no person found in the picture' },
      });
      const failed = await runCli(['generate', ...args, '--json'], {
        env: cli.env(),
        timeoutMs: 90_000,
      });
      expect(failed.code).toBe(1);
      const first = JSON.parse(failed.stdout);
      expect(first).toMatchObject({ state: 'failed', agent });

      const retried = await runCli(['retry', first.id, '--json'], {
        env: cli.env(),
        timeoutMs: 90_000,
      });
      expect(retried.code, retried.stderr).toBe(0);
      expect(JSON.parse(retried.stdout)).toMatchObject({ id: first.id, state: 'done', agent });
      await expectDoneOnDisk((await cli.readManifest(first.id)) as RenderManifest);

      const runs = cli.emulator.createdRuns();
      expect(runs).toHaveLength(2);
      expect(runs.map((run) => run.agent)).toEqual([agent, agent]);
      const [before, after] = runs.map((run) => JSON.parse(run.body ?? '{}'));
      // The same request again (pictures reused from the first upload), a new Idempotency-Key.
      expect(after).toEqual(before);
      expect(runs[1]?.idempotencyKey).not.toBe(runs[0]?.idempotencyKey);
      checkParams(after.params);
    },
  );
});
