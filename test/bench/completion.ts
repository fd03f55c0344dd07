import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { priorFinish } from '../../electron/engine/finish-predictor';
import { DEFAULT_POLL_POLICY } from '../../electron/engine/poll-policy';
import { DEFAULT_MODEL } from '../../shared/models';
import type { RunningEmulator } from '../emulator/server';
import { runChild } from './child';
import { curlDownload } from './curl';
import { intervalAround } from './poll-schedule';
import { formatMs, MiB, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROUNDS = 5;
const BATCH = 4;
const VIDEO_BYTES = 16 * MiB;

interface ChildResult {
  doneAt: number;
  successSeenAt: number;
  bytes: number;
}

/** From the emulator's Success moment to the job's done event, against curl fetching the same bytes. */
export async function benchCompletion(
  emulator: RunningEmulator,
  workDir: string,
): Promise<{ row: Row; note: string }> {
  const rounds = await repeat(ROUNDS, async (round) => {
    // Different run lengths put the Success moment at different points of the poll cycle.
    const timings = { pendingMs: 500, segmentingMs: 500, runningMs: 2_000 + round * 373 };
    const runLength = timings.pendingMs + timings.segmentingMs + timings.runningMs;
    emulator.setTimings(timings);
    const videoUrls = Array.from({ length: BATCH }, () => emulator.addSyntheticVideo(VIDEO_BYTES));
    const logStart = emulator.requests.length;
    const result = await runChild<ChildResult>('./completion.child.ts', {
      apiBase: emulator.apiBase,
      apiKey: emulator.apiKey,
      videoUrls,
    });
    if (result.bytes !== BATCH * VIDEO_BYTES) throw new Error(`got ${result.bytes} bytes`);
    const start = emulator.requests
      .slice(logStart)
      .find((r) => r.method === 'POST' && r.path.endsWith('/agent/runs') && r.status === 200);
    if (!start) throw new Error('the emulator saw no successful start');
    // The run starts when the emulator handles the request, just after it arrived (`at`):
    // counting from arrival can only make our figure larger.
    const successAt = start.at + runLength;
    const curl = await curlDownload(videoUrls, workDir);
    await Promise.all(videoUrls.map((_, i) => rm(join(workDir, `curl-${i}.bin`), { force: true })));
    // The child's library is empty: its job is polled on the default model's prior.
    const prior = priorFinish({
      model: DEFAULT_MODEL,
      duration: '5s',
      batchCount: BATCH,
      generateAudio: false,
    });
    const intervalMs = intervalAround(DEFAULT_POLL_POLICY, prior, runLength);
    const oursMs = result.doneAt - successAt;
    const budgetMs = intervalMs + 1.2 * curl.seconds * 1000;
    return {
      oursMs,
      noticeMs: result.successSeenAt - successAt,
      curlMs: curl.seconds * 1000,
      intervalMs,
      budgetMs,
    };
  });
  const ratio = median(rounds.map((r) => r.oursMs / r.budgetMs));
  const curlMs = median(rounds.map((r) => r.curlMs));
  const intervalMs = median(rounds.map((r) => r.intervalMs));
  return {
    row: {
      what: `completion → all videos on disk (batch ${BATCH} × ${VIDEO_BYTES / MiB} MiB)`,
      ours: formatMs(median(rounds.map((r) => r.oursMs))),
      reference: `curl transfer ${formatMs(curlMs)} (budget: interval ${formatMs(intervalMs)} + 1.2× curl)`,
      ratio: `${formatRatio(ratio)} of budget`,
      target: '≤ one poll interval + 1.2× transfer',
      verdict: verdictOf(ratio <= 1),
    },
    note: `Completion: ${ROUNDS} rounds, each a fresh child process running the real engine (default settings: concurrency 2, 2 downloads at once, default poll policy) and WeShop client against the emulator in the parent (real clock; runs of 3.0–${((3_000 + (ROUNDS - 1) * 373) / 1000).toFixed(1)} s). The emulator's Success moment = arrival of the start request + the run's length; ours = the job's done event − that moment. The answer's video URLs are swapped for ${BATCH} synthetic ${VIDEO_BYTES / MiB} MiB files on the emulator's CDN (its own run videos are 1 s clips); posters stay the emulator's. Reference = curl fetching the same ${BATCH} URLs one after another (sum of time_total). Ratio = ours / (poll interval in force at the Success moment (empty library: the model prior's schedule), + 1.2 × curl), median over rounds. Per round (ours / noticed / curl / budget): ${rounds.map((r) => `${formatMs(r.oursMs)} / ${formatMs(r.noticeMs)} / ${formatMs(r.curlMs)} / ${formatMs(r.budgetMs)}`).join('; ')}.`,
  };
}
