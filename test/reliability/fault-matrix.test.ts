import { readdir } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../shared/errors';
import type { JobState, RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import type { FaultRule } from '../emulator/types';
import { recordCounts } from './support/counts';
import { type Decoy, startDecoy } from './support/decoy';
import { isLeftover } from './support/files';
import {
  expectVideosMatch,
  maxStartsPerKey,
  readManifest,
  type Stack,
  type StackOptions,
  startStack,
} from './support/stack';
import { waitFor } from './support/wait';

/**
 * Every fault the emulator can play, through the real engine + real WeShop client over
 * loopback HTTP. Each row says what the user is told (error kind + key words), where the job
 * ends, and proves nothing was lost (videos on disk when the run succeeded, the run id kept
 * when a run exists) and nothing was charged twice (runs per Idempotency-Key ≤ 1). The
 * emulator ignores Idempotency-Key (support/stack.ts), so "≤ 1" is the app's own doing; the
 * one exception is the user's confirmed "retry anyway" of a start that may have reached
 * WeShop, which can charge twice, as the confirmation says.
 */

interface Ctx {
  stack: Stack;
  decoy: Decoy;
}

interface Row {
  name: string;
  faults?: (ctx: Ctx) => FaultRule[];
  stack?: StackOptions;
  /** Before the job is queued. */
  before?: (ctx: Ctx) => Promise<void>;
  /** While the job is in flight. */
  during?: (ctx: Ctx, id: string) => Promise<void>;
  expect: {
    state: JobState;
    kind?: ErrorKind;
    words?: RegExp[];
    /** Runs WeShop created for this job's Idempotency-Key. */
    starts: 0 | 1 | 2;
  };
  /**
   * The user presses Retry (confirming "may charge twice" for a needs-attention job): the job
   * must end done, with one run more only when the first start may have created one.
   */
  retryThenDone?: boolean;
  check?: (ctx: Ctx, manifest: RenderManifest) => void | Promise<void>;
}

const RUN_POLL = /\/agent\/runs\/[^/?]+/;
const api = (method: string, path: string | RegExp) => ({ origin: 'api' as const, method, path });
const cdnVideos = { origin: 'cdn' as const, path: /\/videos\// };
const upload = api('POST', '/agent/assets/images');
const start = api('POST', '/agent/runs');
const poll = api('GET', RUN_POLL);

const offlineWhile = async (ctx: Ctx, ms: number) => {
  await ctx.stack.emulator.goOffline();
  await delay(ms);
  await ctx.stack.emulator.goOnline();
};
const executionIdOnDisk = (ctx: Ctx, id: string) =>
  waitFor(async () => (await ctx.stack.library.read(id))?.executionId, 'an executionId on disk');

const ROWS: Row[] = [
  {
    name: '401 on upload',
    faults: () => [{ fault: { kind: 'bad-key' }, match: upload }],
    expect: { state: 'failed', kind: 'bad-key', words: [/API key is invalid/], starts: 0 },
  },
  {
    name: '401 on start',
    faults: () => [{ fault: { kind: 'bad-key' }, match: start }],
    expect: { state: 'failed', kind: 'bad-key', words: [/API key/, /Settings/], starts: 0 },
  },
  {
    name: '401 while polling (run exists)',
    faults: () => [{ fault: { kind: 'bad-key' }, match: poll }],
    expect: { state: 'failed', kind: 'bad-key', words: [/run id is saved/, /Retry/], starts: 1 },
    retryThenDone: true,
  },
  {
    name: 'credits exhausted (402) on start',
    faults: () => [{ fault: { kind: 'credits-exhausted' }, match: start }],
    expect: {
      state: 'failed',
      kind: 'insufficient-credits',
      words: [/credits/, /power balance/i],
      starts: 0,
    },
  },
  {
    name: 'real balance too low for the run',
    stack: { emulator: { powerBalance: 0 } },
    expect: { state: 'failed', kind: 'insufficient-credits', words: [/credits/], starts: 0 },
  },
  {
    // A 429 start created nothing: the engine waits Retry-After and starts again by itself.
    name: '429 with Retry-After on start',
    faults: () => [{ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, match: start }],
    expect: { state: 'done', starts: 1 },
    check: ({ stack }) => {
      const starts = stack.emulator.requests.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/agent/runs'),
      );
      expect(starts.map((r) => r.status)).toEqual([429, 200]);
      // The server asked for 1 s: the second start may not come sooner (a floor only).
      expect((starts[1]?.at ?? 0) - (starts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    },
  },
  {
    name: '429 with Retry-After while polling (honoured)',
    faults: () => [{ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, match: poll }],
    expect: { state: 'done', starts: 1 },
    check: ({ stack }) => {
      const polls = stack.emulator.requests.filter((r) => r.method === 'GET');
      const limited = polls.findIndex((r) => r.status === 429);
      expect(limited).toBeGreaterThanOrEqual(0);
      const next = polls[limited + 1];
      // The server asked for 1 s: the next poll may not come sooner (a floor, not a speed claim).
      expect((next?.at ?? 0) - (polls[limited]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    },
  },
  {
    name: '500, 502, 503 burst on upload',
    faults: () => [
      { fault: { kind: 'server-error', status: 500 }, match: upload },
      { fault: { kind: 'server-error', status: 502 }, match: upload },
      { fault: { kind: 'server-error', status: 503 }, match: upload },
    ],
    expect: { state: 'done', starts: 1 },
    check: ({ stack }) => {
      const uploads = stack.emulator.requests.filter((r) => r.path.endsWith('/assets/images'));
      expect(uploads.map((r) => r.status)).toEqual([500, 502, 503, 200]);
    },
  },
  {
    name: '500, 502, 503 bursts while polling',
    faults: () =>
      ([500, 500, 502, 502, 503, 503] as const).map((status) => ({
        fault: { kind: 'server-error' as const, status },
        match: poll,
      })),
    expect: { state: 'done', starts: 1 },
  },
  {
    name: '500 on start (the run may exist)',
    faults: () => [{ fault: { kind: 'server-error', status: 500 }, match: start }],
    expect: {
      state: 'needs-attention',
      kind: 'needs-attention',
      words: [/may have reached WeShop/, /charge twice/],
      starts: 0,
    },
    retryThenDone: true,
  },
  {
    name: 'start hangs past the client timeout (the run was created)',
    stack: { client: { timeoutMs: 400 } },
    faults: () => [{ fault: { kind: 'hang' }, match: start }],
    expect: {
      state: 'needs-attention',
      kind: 'needs-attention',
      words: [/may have reached WeShop/, /did not answer within 400 ms/],
      starts: 1,
    },
    retryThenDone: true,
    check: ({ stack }) => expect(stack.emulator.runCount()).toBe(1),
  },
  {
    name: 'upload hangs past the client timeout',
    stack: { client: { uploadTimeoutMs: 400 } },
    faults: () => [{ fault: { kind: 'hang' }, match: upload }],
    expect: { state: 'done', starts: 1 },
  },
  {
    name: 'poll hangs past the client timeout',
    stack: { client: { timeoutMs: 400 } },
    faults: () => [{ fault: { kind: 'hang' }, match: poll, times: 2 }],
    expect: { state: 'done', starts: 1 },
  },
  {
    name: 'malformed JSON answer to upload',
    faults: () => [{ fault: { kind: 'malformed-json' }, match: upload }],
    expect: { state: 'failed', kind: 'invalid-response', words: [/not JSON/], starts: 0 },
    retryThenDone: true,
  },
  {
    name: 'malformed JSON answer to start (the run was created)',
    faults: () => [{ fault: { kind: 'malformed-json' }, match: start }],
    expect: {
      state: 'needs-attention',
      kind: 'needs-attention',
      words: [/may have reached WeShop/, /not JSON/],
      starts: 1,
    },
    retryThenDone: true,
    check: ({ stack }) => expect(stack.emulator.runCount()).toBe(1),
  },
  {
    name: 'malformed JSON while polling',
    faults: () => [{ fault: { kind: 'malformed-json' }, match: poll, times: 2 }],
    expect: { state: 'done', starts: 1 },
  },
  {
    name: 'unexpected fields in every answer',
    faults: () => [{ fault: { kind: 'unexpected-fields' }, times: Number.POSITIVE_INFINITY }],
    expect: { state: 'done', starts: 1 },
  },
  {
    name: 'the run fails on WeShop with a reason',
    faults: () => [{ fault: { kind: 'run-fails', reason: 'no face found in the image' } }],
    expect: {
      state: 'failed',
      kind: 'run-failed',
      words: [/Generation failed/, /no face found in the image/],
      starts: 1,
    },
    check: (_ctx, m) => expect(m.serverMessage).toBe('no face found in the image'),
  },
  {
    name: 'connection cut mid-download',
    faults: () => [
      { fault: { kind: 'cut-download', afterBytes: 2_000 }, match: cdnVideos, times: 2 },
    ],
    expect: { state: 'done', starts: 1 },
    check: ({ stack }) => {
      const ranged = stack.emulator.requests.filter(
        (r) => r.origin === 'cdn' && /^bytes=\d+-$/.test(r.headers.range ?? ''),
      );
      expect(ranged.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'wrong Content-Length on a video',
    faults: () => [{ fault: { kind: 'wrong-content-length' }, match: cdnVideos }],
    expect: { state: 'done', starts: 1 },
  },
  {
    name: 'API redirects the start to another host',
    faults: ({ decoy }) => [
      { fault: { kind: 'redirect', location: `${decoy.origin}/openapi/agent/runs` }, match: start },
    ],
    expect: {
      state: 'failed',
      kind: 'refused-host',
      words: [/redirect/, /never follows/],
      starts: 0,
    },
    check: ({ decoy }) => expect(decoy.requests).toEqual([]),
  },
  {
    name: 'API redirects a poll to another host',
    faults: ({ decoy }) => [
      { fault: { kind: 'redirect', location: `${decoy.origin}/steal` }, match: poll },
    ],
    expect: {
      state: 'failed',
      kind: 'refused-host',
      words: [/redirect/, /run id is saved/],
      starts: 1,
    },
    retryThenDone: true,
    check: ({ decoy }) => expect(decoy.requests).toEqual([]),
  },
  {
    name: 'CDN redirects a video to another host (no key goes along)',
    faults: ({ decoy }) => [
      { fault: { kind: 'redirect', location: `${decoy.origin}/elsewhere.mp4` }, match: cdnVideos },
    ],
    expect: { state: 'done', starts: 1 },
    check: ({ decoy, stack }) => {
      expect(decoy.requests.length).toBe(1);
      for (const request of decoy.requests) {
        expect(request.headers.authorization).toBeUndefined();
        expect(JSON.stringify(request.headers)).not.toContain(stack.emulator.apiKey);
      }
    },
  },
  {
    name: 'network gone before the upload',
    before: ({ stack }) => stack.emulator.goOffline(),
    expect: { state: 'failed', kind: 'network', words: [/Could not reach WeShop/], starts: 0 },
    retryThenDone: true,
  },
  {
    name: 'network gone at the start (connection refused: provably not sent)',
    stack: {
      // The network drops exactly when the start is about to go out (after the upload).
      clientFetch: (emulator) => {
        let dropped = false;
        return async (input, init) => {
          if (!dropped && init?.method === 'POST' && String(input).endsWith('/agent/runs')) {
            dropped = true;
            await emulator.goOffline();
            await delay(50); // let the pooled keep-alive socket see its close: a fresh connect is refused
          }
          return fetch(input, init);
        };
      },
    },
    expect: { state: 'failed', kind: 'network', words: [/Could not reach WeShop/], starts: 0 },
    retryThenDone: true,
  },
  {
    name: 'network goes away while polling and comes back',
    during: async (ctx, id) => {
      await executionIdOnDisk(ctx, id);
      await offlineWhile(ctx, 600);
    },
    expect: { state: 'done', starts: 1 },
  },
  {
    name: 'network goes away mid-download and comes back',
    stack: { engine: { downloads: { retryBaseMs: 150 } } },
    faults: () => [{ fault: { kind: 'slow', delayMs: 300 }, match: cdnVideos }],
    during: async (ctx) => {
      await waitFor(
        () => ctx.stack.emulator.requests.some((r) => r.origin === 'cdn'),
        'a download to begin',
      );
      await offlineWhile(ctx, 500);
    },
    expect: { state: 'done', starts: 1 },
    check: ({ stack }) => {
      // The cut-off attempt plus a second one for that video: the download really was retried.
      const videoGets = stack.emulator.requests.filter(
        (r) => r.origin === 'cdn' && r.path.startsWith('/videos/'),
      );
      expect(videoGets.length).toBeGreaterThan(2);
    },
  },
];

let stack: Stack | undefined;
let decoy: Decoy | undefined;
let passedRows = 0;

afterEach(async () => {
  await stack?.close();
  await decoy?.close();
  stack = undefined;
  decoy = undefined;
});
afterAll(async () => {
  if (passedRows === ROWS.length) await recordCounts('faults', { rows: passedRows });
});

async function expectOutcome(ctx: Ctx, m: RenderManifest, want: Row['expect']): Promise<void> {
  expect(m.state, m.error?.message).toBe(want.state);
  if (want.kind) expect(m.error?.kind).toBe(want.kind);
  for (const word of want.words ?? []) expect(m.error?.message).toMatch(word);
  // Nothing charged twice: per key, and for this job exactly what the row says.
  expect(maxStartsPerKey(ctx.stack.emulator)).toBeLessThanOrEqual(Math.max(1, want.starts));
  expect(ctx.stack.emulator.startsByIdempotencyKey().get(m.idempotencyKey) ?? 0).toBe(want.starts);
  // Nothing lost: a run that exists is never forgotten; a done job has every video.
  if (want.starts === 1 && m.state !== 'needs-attention') expect(m.executionId).toBeTruthy();
  if (m.state === 'done') {
    expect(await expectVideosMatch(ctx.stack.emulator, ctx.stack.library, m)).toBe(2);
    const files = await readdir(ctx.stack.library.folderOf(m.id));
    expect(files.filter(isLeftover)).toEqual([]);
  }
}

describe('fault matrix: engine + WeShop client + emulator', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      stack = await startStack(row.stack);
      decoy = await startDecoy();
      const ctx: Ctx = { stack, decoy };
      for (const rule of row.faults?.(ctx) ?? []) stack.emulator.inject(rule);
      await row.before?.(ctx);
      const queued = await stack.engine.queue({
        image: FIXTURES.pngImage,
        prompt: `fault row: ${row.name}`,
        batchCount: 2,
      });
      const during = row.during?.(ctx, queued.id);
      await stack.engine.idle();
      await during;
      await stack.engine.idle();
      const first = await readManifest(stack.library, queued.id);
      await expectOutcome(ctx, first, row.expect);
      await row.check?.(ctx, first);

      if (row.retryThenDone) {
        await stack.emulator.goOnline();
        const unsure = first.state === 'needs-attention';
        if (unsure) {
          // Never started again without the user confirming it may charge twice.
          await expect(stack.engine.retry(queued.id)).rejects.toMatchObject({
            kind: 'needs-attention',
            message: expect.stringMatching(/charge twice/),
          });
        }
        await stack.engine.retry(queued.id, unsure ? { confirmChargeTwice: true } : {});
        await stack.engine.idle();
        const after = await readManifest(stack.library, queued.id);
        // Confirmed after a start that created a run: this server ignores the key, so that
        // is a second run (on WeShop the same key lets it spot the repeat).
        const starts = unsure && row.expect.starts === 1 ? 2 : 1;
        await expectOutcome(ctx, after, { state: 'done', starts });
        // A retry of a job whose run may exist reuses its key, so WeShop can spot the repeat.
        if (unsure) expect(after.idempotencyKey).toBe(first.idempotencyKey);
      }
      passedRows++;
    });
  }
});
