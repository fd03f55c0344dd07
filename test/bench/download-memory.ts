import type { RunningEmulator } from '../emulator/server';
import { runChild } from './child';
import { formatMiB, MiB, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const RUNS = 16;
const BATCH = 4;
const ROUNDS = 3;
const LIMIT = 64 * MiB;

interface MemoryResult {
  growth: number;
  bytes: number;
  maxInFlight: number;
  seconds: number;
  states: string[];
}

/** Peak RSS growth of a process downloading 64 videos at once, for one video size. */
async function measure(emulator: RunningEmulator, videoBytes: number) {
  const results = await repeat(ROUNDS, async () => {
    const urls = Array.from({ length: RUNS * BATCH }, () => emulator.addSyntheticVideo(videoBytes));
    const result = await runChild<MemoryResult>(
      './download-memory.child.ts',
      { urls, warmUpUrl: emulator.addSyntheticVideo(1024), runs: RUNS, batch: BATCH },
      { nodeArgs: ['--expose-gc'] },
    );
    const expected = RUNS * BATCH * videoBytes;
    if (result.bytes !== expected || result.states.some((s) => s !== 'done')) {
      throw new Error(`downloaded ${result.bytes} of ${expected} bytes; states ${result.states}`);
    }
    return result;
  });
  return {
    growth: median(results.map((r) => r.growth)),
    bytes: results[0]?.bytes ?? 0,
    maxInFlight: Math.max(...results.map((r) => r.maxInFlight)),
    all: results,
  };
}

export async function benchDownloadMemory(
  emulator: RunningEmulator,
): Promise<{ rows: Row[]; note: string }> {
  const rows: Row[] = [];
  const details: string[] = [];
  for (const size of [2 * MiB, 8 * MiB]) {
    const m = await measure(emulator, size);
    rows.push({
      what: `memory while downloading 64 videos at once (16 runs × batch 4), ${formatMiB(size)} each`,
      ours: `peak RSS +${formatMiB(m.growth)}`,
      reference: `${formatMiB(m.bytes)} downloaded`,
      ratio: formatRatio(m.growth / m.bytes),
      target: 'growth < 64 MiB',
      verdict: verdictOf(m.growth < LIMIT),
    });
    details.push(
      `${formatMiB(size)}: growth per round ${m.all.map((r) => formatMiB(r.growth)).join(', ')}; up to ${m.maxInFlight} downloads in flight at once (started, not yet saved); ${m.all.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')}`,
    );
  }
  return {
    rows,
    note: `Download memory: ${ROUNDS} rounds per size, each in a fresh child process (\`--expose-gc\`, GC before the baseline; the transport warmed up first) running the real engine + library with engine concurrency 16 and downloads.parallel 4, so all 64 downloads are requested at once; the engine's default transport (electron/engine/http-get.ts) carries them over at most 6 kept-alive connections to the CDN host, as browsers do, the others waiting for a free one; WeShop is the engine's in-memory fake (one poll → Success) whose video URLs are synthetic files on the emulator's CDN (parent process). Growth = peak RSS (max of Linux VmHWM after a reset and 2 ms rss sampling) − rss at the baseline. ${details.join('. ')}.`,
  };
}
