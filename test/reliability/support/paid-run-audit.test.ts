import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../../shared/job';
import { tempDir } from '../../cli/helpers';
import type { CreatedRun } from '../../emulator/types';
import type { SeenRender } from './library-watch';
import { auditPaidRuns, type DeleteRecord, taskNameRenderId } from './paid-run-audit';

/** The books must catch what they are there to catch: each kind of loss and double start. */

let home: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  home = await tempDir('kling-audit-');
});
afterEach(() => home.remove());

const bytesOf = (executionId: string, index: number) => Buffer.from(`${executionId}/${index}`);

function run(executionId: string, key: string, fields: Partial<CreatedRun> = {}): CreatedRun {
  const batchCount = fields.batchCount ?? 1;
  const deliveredVideos = fields.deliveredVideos ?? Array.from({ length: batchCount }, (_, i) => i);
  return {
    executionId,
    idempotencyKey: key,
    input: {},
    batchCount,
    createdAt: 1_000,
    deliveredVideos,
    deliversNothing: deliveredVideos.length === 0,
    ...fields,
  };
}

function manifest(id: string, key: string, fields: Partial<RenderManifest> = {}): RenderManifest {
  return {
    schemaVersion: 1,
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    request: {
      image: '/p.png',
      prompt: `prompt of ${id}`,
      agent: 'kling',
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
    },
    idempotencyKey: key,
    state: 'done',
    history: [],
    videos: [],
    favourite: false,
    ...fields,
  };
}

/** A done render holding `runId` with its videos on disk, byte-equal (or not). */
async function collected(
  id: string,
  key: string,
  runId: string,
  count = 1,
  equal = true,
  delivered: number[] = [],
) {
  await mkdir(join(home.path, 'renders', id), { recursive: true });
  const videos = [];
  for (let i = 0; i < count; i++) {
    const file = `video-${i + 1}.mp4`;
    const bytes = bytesOf(runId, delivered[i] ?? i);
    await writeFile(join(home.path, 'renders', id, file), equal ? bytes : 'other');
    videos.push({
      index: i,
      url: `http://cdn.test/videos/${runId}/${delivered[i] ?? i}.mp4`,
      file,
    });
  }
  return manifest(id, key, {
    executionId: runId,
    videos,
    request: { ...manifest(id, key).request, batchCount: count },
  });
}

/** What the watch saw: every manifest read, its keys merged per render (newest wins). */
function seenOf(...ms: RenderManifest[]): Map<string, SeenRender> {
  const seen = new Map<string, SeenRender>();
  for (const m of ms) {
    const known = seen.get(m.id);
    if (known) {
      known.keys.add(m.idempotencyKey);
      known.last = m;
    } else seen.set(m.id, { id: m.id, keys: new Set([m.idempotencyKey]), last: m });
  }
  return seen;
}

async function books(
  runs: CreatedRun[],
  onDisk: RenderManifest[],
  options: { seen?: RenderManifest[]; deletes?: DeleteRecord[] } = {},
) {
  return auditPaidRuns({
    runs,
    seen: seenOf(...(options.seen ?? onDisk)),
    onDisk,
    deletes: options.deletes ?? [],
    home: home.path,
    videoBytes: async (id, i) => bytesOf(id, i),
    videoPath: (id, i) => `/videos/${id}/${i}.mp4`,
    promptsAreUnique: true,
  });
}

describe('paid-run audit', () => {
  it('a run whose videos are on disk, byte-equal, is collected; nothing wrong', async () => {
    const audit = await books(
      [run('r1', 'k1', { batchCount: 2 })],
      [await collected('a', 'k1', 'r1', 2)],
    );
    expect(audit).toMatchObject({
      runs: 1,
      lost: [],
      doubleStarts: [],
      stuck: [],
      maxStartsPerRender: 1,
    });
    expect(audit.verdicts.map((v) => v.verdict)).toEqual(['collected']);
  });

  it("a batch whose 2nd of 3 executions failed: its 1st and 3rd videos are the render's 1 and 2", async () => {
    const partial = await collected('a', 'k1', 'r1', 2, true, [0, 2]);
    partial.state = 'partial';
    partial.request = { ...partial.request, batchCount: 3 };
    const audit = await books(
      [run('r1', 'k1', { batchCount: 3, deliveredVideos: [0, 2] })],
      [partial],
    );
    expect(audit.verdicts.map((v) => v.verdict)).toEqual(['collected']);
  });

  it('a video that differs from the CDN, or is missing, is a lost run', async () => {
    const differs = await collected('a', 'k1', 'r1', 1, false);
    const missing = manifest('b', 'k2', { executionId: 'r2', state: 'downloading' });
    const audit = await books([run('r1', 'k1'), run('r2', 'k2')], [differs, missing]);
    expect(audit.lost.map((v) => [v.render, v.why])).toEqual([
      ['a', 'a is done: video-1.mp4 differs from what the CDN served'],
      ['b', 'b is downloading: video 1 is not on disk'],
    ]);
    expect(audit.stuck).toEqual([{ id: 'b', state: 'downloading' }]);
  });

  it('a run whose id the render never kept (needs attention) is lost; one that failed is not', async () => {
    const waiting = manifest('a', 'k1', {
      state: 'needs-attention',
      startSentAt: '2026-01-01T00:00:00.000Z',
    });
    const failed = manifest('b', 'k2', { state: 'failed', executionId: 'r2' });
    const audit = await books(
      [run('r1', 'k1'), run('r2', 'k2', { deliveredVideos: [] })],
      [waiting, failed],
    );
    expect(audit.lost.map((v) => v.why)).toEqual([
      'a never kept this run (it is needs-attention without a run id)',
    ]);
    expect(audit.needsAttention).toEqual([{ id: 'a', paidRun: true }]);
    expect(audit.verdicts.map((v) => v.verdict)).toEqual(['lost', 'delivered-nothing']);
  });

  it('a render the user deleted while it held its run ended by the user; deleted without its run id, or paid after the delete, is lost', async () => {
    const gone = manifest('a', 'k1', { executionId: 'r1' });
    const uploading = manifest('b', 'k2', { state: 'uploading' });
    const late = manifest('c', 'k3', { executionId: 'r3' });
    const vanished = manifest('d', 'k4', { executionId: 'r4' });
    const audit = await books(
      [
        run('r1', 'k1', { createdAt: 100 }),
        run('r2', 'k2', { createdAt: 240 }),
        run('r3', 'k3', { createdAt: 300 }),
        run('r4', 'k4'),
      ],
      [],
      {
        seen: [gone, uploading, late, vanished],
        deletes: [
          { id: 'a', startedAt: 200, endedAt: 250, confirmed: true },
          { id: 'b', startedAt: 200, endedAt: 250, confirmed: true },
          { id: 'c', startedAt: 200, endedAt: 250, confirmed: true },
          { id: 'd', startedAt: 0, endedAt: 1, confirmed: false },
        ],
      },
    );
    expect(audit.cameBack).toEqual([]);
    expect(audit.verdicts.map((v) => [v.render, v.verdict, v.why])).toEqual([
      ['a', 'deleted-by-user', undefined],
      ['b', 'lost', 'b was deleted while it held no run id (it was uploading)'],
      ['c', 'lost', 'paid after `delete c` had finished'],
      ['d', 'lost', 'd vanished (nobody deleted it)'],
    ]);
  });

  it('a render that is back on disk after a delete went through is reported', async () => {
    const back = await collected('a', 'k1', 'r1');
    const audit = await books([run('r1', 'k1', { createdAt: 100 })], [back], {
      deletes: [{ id: 'a', startedAt: 200, endedAt: 250, confirmed: true }],
    });
    expect(audit.cameBack).toEqual(['a']);
  });

  it('two runs for one Idempotency-Key, or a render started again after it delivered, are double starts', async () => {
    const a = await collected('a', 'k1', 'r2');
    const b = await collected('b', 'k2', 'r4');
    const audit = await books(
      [
        run('r1', 'k1'),
        run('r2', 'k1'),
        run('r3', 'k2', { idempotencyKey: 'k2-old' }),
        run('r4', 'k2'),
      ],
      [a, b],
      { seen: [a, { ...b, idempotencyKey: 'k2-old' }, b] },
    );
    expect(audit.doubleStarts).toEqual([
      'Idempotency-Key k1 (a) created 2 runs',
      'a was started again after its run r1 delivered',
      'b was started again after its run r3 delivered',
      '"prompt of a" (a) asked for 1 videos, paid for 2',
      '"prompt of b" (b) asked for 1 videos, paid for 2',
    ]);
    expect(audit.maxStartsPerRender).toBe(2);
  });

  it('a partial render and two "missing" renders of it pay for more videos than asked', async () => {
    const partial = { ...(await collected('p', 'k1', 'r1', 1)), state: 'partial' as const };
    partial.request = { ...partial.request, batchCount: 2, prompt: 'same' };
    const m1 = await collected('m1', 'k2', 'r2');
    const m2 = await collected('m2', 'k3', 'r3');
    for (const m of [m1, m2]) m.request = { ...m.request, prompt: 'same' };
    m1.createdAt = '2026-01-02T00:00:00.000Z';
    m2.createdAt = '2026-01-02T00:00:00.000Z';
    const audit = await books(
      [run('r1', 'k1', { batchCount: 2, deliveredVideos: [0] }), run('r2', 'k2'), run('r3', 'k3')],
      [partial, m1, m2],
    );
    expect(audit.lost).toEqual([]);
    expect(audit.doubleStarts).toEqual(['"same" (p) asked for 2 videos, paid for 3']);
  });

  it('a run no render can be found for is lost; the task name finds the render when the key cannot', async () => {
    const named = await collected('0mxd00000-abcdef', 'k9', 'r2');
    const audit = await books(
      [
        run('r1', 'unknown'),
        run('r2', 'other', { input: { taskName: 'Kling Studio · x · 0mxd00000-abcdef' } }),
      ],
      [named],
    );
    expect(audit.lost.map((v) => v.why)).toEqual(['no render carries its Idempotency-Key or name']);
    expect(audit.verdicts[1]?.verdict).toBe('collected');
    expect(taskNameRenderId({ taskName: 'Kling Studio · a · b · 0mxd00000-abcdef' })).toBe(
      '0mxd00000-abcdef',
    );
    expect(taskNameRenderId({ taskName: 'Kling Studio · a prompt' })).toBeUndefined();
  });
});
