import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of this process. Linux keeps a high-water mark (VmHWM) that can be
 * reset through /proc/self/clear_refs; on top of it we sample rss every few ms, so a peak is
 * caught even where /proc is missing. Call in the measured (child) process.
 */
export function createPeakTracker(sampleEveryMs = 2) {
  let peak = 0;
  let atPeak: NodeJS.MemoryUsage | undefined;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss <= peak) return;
    peak = rss;
    atPeak = process.memoryUsage();
  };
  return {
    /** Forgets earlier peaks, returns the current rss (the baseline), starts sampling. */
    start(): number {
      resetHighWaterMark();
      const baseline = process.memoryUsage.rss();
      peak = baseline;
      timer = setInterval(sample, sampleEveryMs);
      return baseline;
    },
    /** The highest rss seen since start(). */
    stop(): number {
      if (timer) clearInterval(timer);
      sample();
      return Math.max(peak, highWaterMark() ?? 0);
    },
    /** Heap and buffer figures at the highest sampled rss (where the memory went). */
    breakdownAtPeak: () => atPeak,
  };
}

function resetHighWaterMark(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux (or not allowed): the sampled peak alone is used.
  }
}

function highWaterMark(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A full collection before a baseline, when node runs with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
