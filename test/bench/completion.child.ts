/**
 * Child: one batch-4 job through the real engine and WeShop client against the emulator
 * (the parent), default settings. The emulator's run videos are 1 s fixture clips, so the
 * answers' video URLs are swapped for synthetic files of a realistic size on the same CDN
 * origin: the transfer is then long enough to compare with curl's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../electron/engine/engine';
import { createLibrary } from '../../electron/library/library';
import { createWeShopClient } from '../../electron/weshop/client';
import type { WeShopApi } from '../../electron/weshop/types';
import { FIXTURES } from '../emulator/fixtures';
import { childInput, reportResult } from './child';

interface Input {
  apiBase: string;
  apiKey: string;
  videoUrls: string[];
}

const { apiBase, apiKey, videoUrls } = childInput<Input>();
const home = await mkdtemp(join(tmpdir(), 'kling-bench-done-'));
// Reported after the finally block: reportResult exits the process, which would skip it.
let result: unknown;
try {
  const client = createWeShopClient({ apiBase, getKey: async () => apiKey });
  let successSeenAt: number | null = null;
  const api: WeShopApi = {
    ...client,
    async getRun(executionId, options) {
      const snapshot = await client.getRun(executionId, options);
      if (snapshot.state !== 'Success') return snapshot;
      successSeenAt ??= Date.now();
      const videos = snapshot.videos.map((video) => {
        const url = videoUrls[video.index];
        if (!url) throw new Error(`no synthetic URL for video ${video.index}`);
        return { ...video, url };
      });
      return { ...snapshot, videos };
    },
  };
  const library = createLibrary({ home });
  const engine = createEngine({ library, api });
  let doneAt: number | null = null;
  engine.on('job:update', (m) => {
    if (m.state === 'done') doneAt ??= Date.now();
  });
  const job = await engine.queue({
    image: FIXTURES.pngImage,
    prompt: 'completion bench',
    batchCount: videoUrls.length,
  });
  await engine.idle();
  const final = await library.read(job.id);
  await engine.close();
  await library.close();
  if (final?.state !== 'done' || doneAt === null || successSeenAt === null) {
    throw new Error(`the job ended ${final?.state}: ${final?.error?.message ?? ''}`);
  }
  const bytes = final.videos.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  result = { doneAt, successSeenAt, bytes };
} finally {
  await rm(home, { recursive: true, force: true });
}
reportResult(result);
