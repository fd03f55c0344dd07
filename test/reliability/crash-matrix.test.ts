import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import { makeTempHome } from '../../electron/library/testing';
import type { JobState, RenderManifest } from '../../shared/job';
import { CLI_MAIN } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import type { EmulatorOptions } from '../emulator/types';
import { type Exit, manifestsIn, spawnCli } from './support/cli-process';
import { recordCounts } from './support/counts';
import { isLeftover, listFiles } from './support/files';
import { expectVideosMatch } from './support/stack';
import { waitFor } from './support/wait';

/**
 * kill -9 at every point of a job's life, then `resume` in a new process. A paid render is
 * never lost: it ends done with every video byte-equal to what the CDN served, or — only when
 * the start was sent and its answer never saved — needs-attention with a message saying so.
 * Either way WeShop saw at most one start per job, and no partial or temp file is left.
 */

/**
 * Loaded into the generate process of the row that holds it between two manifest saves: the
 * render.json read that would begin the start's save never returns (support/hold-render-read).
 */
const HOLD_HOOK = join(import.meta.dirname, 'support', 'hold-render-read.child.ts');
/** The upload the row that holds the process keeps unanswered until its job is uploading. */
let uploadHeld: AbortController | undefined;

interface Ctx {
  emulator: RunningEmulator;
  home: string;
  /** Written by the hold hook once the process is held (only the row that sets `hold`). */
  holdMark: string;
  /** The one render on disk (the generate process creates exactly one). */
  manifest(): Promise<RenderManifest | undefined>;
}

interface CrashPoint {
  name: string;
  batch: number;
  emulator?: EmulatorOptions;
  arm?: (ctx: Ctx) => void;
  /** Run generate with the hold hook (support/hold-render-read.child.ts). */
  hold?: boolean;
  /** Resolves once the process is exactly where it should die (then it is SIGKILLed). */
  killWhen: (ctx: Ctx) => Promise<void>;
  /** What must happen after the kill, before resume runs. */
  afterKill?: (ctx: Ctx, id: string) => Promise<void>;
  ends: Extract<JobState, 'done' | 'needs-attention'>;
  uploads: number;
  check?: (ctx: Ctx, m: RenderManifest, resume: Exit) => void | Promise<void>;
}

const uploadsOf = (e: RunningEmulator) =>
  e.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/assets/images'));
const startsOf = (e: RunningEmulator) =>
  e.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/runs'));
const secondVideo = /\/videos\/[^/]+\/1\.mp4$/;

const CRASH_POINTS: CrashPoint[] = [
  {
    name: 'mid-upload',
    batch: 1,
    arm: ({ emulator }) =>
      emulator.inject({
        fault: { kind: 'slow', delayMs: 20_000 },
        match: { method: 'POST', path: '/agent/assets/images' },
      }),
    killWhen: async (ctx) => {
      await waitFor(
        async () => (await ctx.manifest())?.state === 'uploading',
        'state uploading',
        30_000,
      );
      await waitFor(() => uploadsOf(ctx.emulator).length === 1, 'the upload to arrive');
    },
    ends: 'done',
    uploads: 2, // the cut-off upload is sent again: harmless, uploads cost nothing
  },
  {
    name: 'after the upload, before the start is sent',
    batch: 1,
    arm: ({ emulator }) => {
      // generate starts the upload as soon as the image is valid, before the render exists:
      // its answer waits until the job itself is uploading (it joined that upload), so the
      // job saves the uploaded URL on its own, then its start in a second save.
      uploadHeld = new AbortController();
      emulator.inject({
        fault: { kind: 'slow', delayMs: 60_000, until: uploadHeld.signal },
        match: { method: 'POST', path: '/agent/assets/images' },
      });
    },
    // Between saving the uploaded URL and saving startSentAt the process does no I/O but its
    // own two manifest saves, so it is held there the way a stalled disk would hold it: the
    // hook lets the URL's save through and the start's save never gets its render.json read.
    hold: true,
    killWhen: async (ctx) => {
      await waitFor(() => uploadsOf(ctx.emulator).length === 1, 'the upload to arrive', 30_000);
      await waitFor(
        async () => (await ctx.manifest())?.state === 'uploading',
        'the job to be uploading',
        30_000,
      );
      uploadHeld?.abort();
      await waitFor(
        async () => (await stat(ctx.holdMark).catch(() => null)) !== null,
        'the process held before saving its start',
        30_000,
      );
      const m = await ctx.manifest();
      expect(m?.state).toBe('uploading');
      expect(m?.uploadedImageUrl).toMatch(/^https?:/);
      expect(m?.startSentAt).toBeUndefined();
      expect(startsOf(ctx.emulator)).toEqual([]);
    },
    ends: 'done',
    uploads: 1, // resume reuses the uploaded image
    check: (_ctx, m) => expect(m.history.filter((h) => h.state === 'uploading')).toHaveLength(1),
  },
  {
    name: 'right after the start request is sent (the run is created, its id never saved)',
    batch: 1,
    arm: ({ emulator }) =>
      emulator.inject({
        fault: { kind: 'slow', delayMs: 1_500 },
        match: { method: 'POST', path: '/agent/runs' },
      }),
    killWhen: async (ctx) => {
      await waitFor(async () => (await ctx.manifest())?.startSentAt, 'startSentAt on disk', 30_000);
      await waitFor(() => startsOf(ctx.emulator).length === 1, 'the start to arrive');
    },
    afterKill: async ({ emulator }) => {
      // The emulator finishes the slow start after the client is gone: the run now exists.
      await waitFor(() => emulator.runCount() === 1, 'the run to be created', 5_000);
    },
    ends: 'needs-attention',
    uploads: 1,
    check: ({ emulator }, m, resume) => {
      expect(m.executionId).toBeUndefined();
      expect(emulator.runCount()).toBe(1);
      expect(m.error?.kind).toBe('needs-attention');
      expect(m.error?.message).toMatch(/may have reached WeShop/);
      expect(m.error?.message).toMatch(/could charge twice/i);
      expect(resume.code).toBe(1);
      expect(resume.stderr).toContain(`${m.id} needs attention`);
      expect(resume.stderr).toMatch(/may have reached WeShop/);
    },
  },
  {
    name: 'while the run is Pending (executionId on disk)',
    batch: 2,
    emulator: { timings: { pendingMs: 4_000, segmentingMs: 200, runningMs: 600 } },
    killWhen: async (ctx) => {
      await waitFor(
        async () => (await ctx.manifest())?.executionId,
        'an executionId on disk',
        30_000,
      );
    },
    ends: 'done',
    uploads: 1,
  },
  {
    name: 'while the run is Running',
    batch: 2,
    emulator: { timings: { pendingMs: 200, segmentingMs: 200, runningMs: 5_000 } },
    killWhen: async (ctx) => {
      await waitFor(
        async () => (await ctx.manifest())?.remoteState === 'Running',
        'remote state Running on disk',
        30_000,
      );
    },
    ends: 'done',
    uploads: 1,
  },
  {
    name: 'mid-download of the 2nd of 4 videos (a .part on disk)',
    batch: 4,
    emulator: { timings: { pendingMs: 50, segmentingMs: 50, runningMs: 200 } },
    arm: ({ emulator }) => {
      // The 2nd video breaks off after 2,000 bytes, then its retry hangs: the .part stays.
      emulator.inject({
        fault: { kind: 'cut-download', afterBytes: 2_000 },
        match: { origin: 'cdn', path: secondVideo },
      });
      emulator.inject({
        fault: { kind: 'slow', delayMs: 20_000 },
        match: { origin: 'cdn', path: secondVideo },
      });
    },
    killWhen: async (ctx) => {
      const m = await waitFor(
        async () => {
          const found = await ctx.manifest();
          return found?.state === 'downloading' ? found : null;
        },
        'state downloading',
        30_000,
      );
      const part = join(ctx.home, 'renders', m.id, 'video-2.mp4.part');
      // Up to the 2,000 bytes sent before the cut: a chunk still queued for the disk when the
      // connection broke is not written (the next attempt resumes from what is on disk).
      await waitFor(async () => {
        const size = (await stat(part).catch(() => null))?.size ?? 0;
        return size > 0 && size <= 2_000;
      }, 'video-2.mp4.part with bytes in it');
      await waitFor(
        () => ctx.emulator.requests.filter((r) => secondVideo.test(r.path)).length === 2,
        'the held retry of the 2nd video',
      );
    },
    ends: 'done',
    uploads: 1,
    check: ({ emulator }) => {
      const gets = emulator.requests.filter((r) => secondVideo.test(r.path));
      // After the restart the download carried on from the 2,000 bytes already on disk.
      expect(gets.at(-1)?.headers.range).toBe('bytes=2000-');
      expect(gets.at(-1)?.status).toBe(206);
    },
  },
];

let cleanup: (() => Promise<void>)[] = [];
const passed: string[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
});
afterAll(async () => {
  if (passed.length === CRASH_POINTS.length) {
    await recordCounts('crashMatrix', { crashPoints: passed.length, points: passed.join('; ') });
  }
});

describe('crash matrix: kill -9 the CLI, then resume in a new process', () => {
  for (const point of CRASH_POINTS) {
    it(point.name, async () => {
      // Idempotency-Key ignored: a second start would be a second run, so "one run" is ours.
      const emulator = await startEmulator({
        timings: { pendingMs: 300, segmentingMs: 300, runningMs: 600 },
        honourIdempotencyKey: false,
        ...point.emulator,
      });
      cleanup.push(() => emulator.close());
      const { home, remove } = await makeTempHome('kling-crash-');
      cleanup.push(remove);
      cleanup.push(async () => {
        uploadHeld?.abort();
        uploadHeld = undefined;
      });
      const marks = await mkdtemp(join(tmpdir(), 'kling-crash-hold-'));
      cleanup.push(() => rm(marks, { recursive: true, force: true }));
      const ctx: Ctx = {
        emulator,
        home,
        holdMark: join(marks, 'held'),
        manifest: async () => (await manifestsIn(home))[0],
      };
      const env = {
        KLING_STUDIO_HOME: home,
        WESHOP_API_BASE: emulator.apiBase,
        WESHOP_API_KEY: emulator.apiKey,
      };
      point.arm?.(ctx);

      const generate = spawnCli(
        [
          'generate',
          FIXTURES.pngImage,
          '--prompt',
          'crash matrix',
          '--batch',
          String(point.batch),
          '--json',
        ],
        point.hold ? { ...env, KLING_TEST_HOLD_MARK: ctx.holdMark } : env,
        point.hold
          ? [process.execPath, '--import', 'tsx', '--import', HOLD_HOOK, CLI_MAIN]
          : undefined,
      );
      cleanup.push(async () => {
        generate.child.kill('SIGKILL');
      });
      await Promise.race([
        point.killWhen(ctx),
        generate.exited.then((exit) => {
          throw new Error(`generate exited before the crash point (${exit.code}): ${exit.stderr}`);
        }),
      ]);
      generate.child.kill('SIGKILL');
      expect((await generate.exited).signal).toBe('SIGKILL');
      const crashed = await ctx.manifest();
      if (!crashed) throw new Error('no render on disk at the crash point');
      await point.afterKill?.(ctx, crashed.id);

      const resume = await spawnCli(['resume', '--json'], env).exited;
      const library = createLibrary({ home });
      cleanup.push(() => library.close());
      const m = await library.read(crashed.id);
      if (!m) throw new Error(`render ${crashed.id} is unreadable after resume`);
      expect(m.state, `${resume.stderr}\n${JSON.stringify(m.error)}`).toBe(point.ends);

      if (point.ends === 'done') {
        expect(resume.code, resume.stderr).toBe(0);
        const report = JSON.parse(resume.stdout) as {
          finished: { id: string; state: string; videos: string[] }[];
        };
        expect(report.finished.map((r) => [r.id, r.state, r.videos.length])).toEqual([
          [m.id, 'done', point.batch],
        ]);
        expect(await expectVideosMatch(emulator, library, m)).toBe(point.batch);
      }
      // Never charged twice: one start reached WeShop for this job, one run exists.
      expect(emulator.startAttemptsByIdempotencyKey().get(m.idempotencyKey)).toBe(1);
      expect(emulator.startsByIdempotencyKey().get(m.idempotencyKey)).toBe(1);
      expect(emulator.runCount()).toBe(1);
      expect(uploadsOf(emulator)).toHaveLength(point.uploads);
      // Nothing half-written is left behind.
      expect((await listFiles(home)).filter(isLeftover)).toEqual([]);
      // The key never reached the CDN.
      for (const r of emulator.requests.filter((r) => r.origin === 'cdn')) {
        expect(r.headers.authorization).toBeUndefined();
      }
      await point.check?.(ctx, m, resume);
      passed.push(point.name);
    }, 120_000);
  }
});
