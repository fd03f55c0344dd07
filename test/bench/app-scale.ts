import type { AppScaleResult } from './app-scale.child';
import { runChild } from './child';
import { formatMs } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const MB = 1024 * 1024;
/** Jumps from the grid's top to its end (each one lands on pages not held yet). */
const JUMPS = 200;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

/**
 * Issue 22's app rows at 100,000 renders, each against the same measurement at 10,000 in this
 * run: the core opened with its first Library page, the Library's first thumbnail painted in
 * Chromium, and main's and the renderer's memory after the whole grid was scrolled.
 */
export async function benchAppScale(
  small: { home: string; renders: number },
  large: { home: string; renders: number },
): Promise<{ rows: Row[]; note: string }> {
  const run = (home: string, scrollWhole: boolean) =>
    runChild<AppScaleResult>(
      './app-scale.child.ts',
      { home, scrollWhole },
      {
        timeoutMs: 900_000,
        nodeArgs: ['--expose-gc'],
      },
    );
  const ref = await run(small.home, false);
  const big = await run(large.home, true);
  if (big.total !== large.renders) throw new Error(`the core counted ${big.total} renders`);
  const scroll = big.scroll;
  if (!scroll) throw new Error('the grid was not scrolled');
  const n = large.renders.toLocaleString('en');
  const atSmall = `${small.renders.toLocaleString('en')} renders`;
  return {
    rows: [
      {
        what: `${n} renders: app core open + first Library page (60)`,
        ours: formatMs(big.coreOpenMs),
        reference: `${atSmall}: ${formatMs(ref.coreOpenMs)}`,
        ratio: formatRatio(big.coreOpenMs / ref.coreOpenMs),
        target: '≤ 300 ms',
        verdict: verdictOf(big.coreOpenMs <= 300),
      },
      {
        what: `${n} renders: page load → Library's first thumbnail painted in Chromium`,
        ours: formatMs(big.firstThumbnailMs),
        reference: `${atSmall}: ${formatMs(ref.firstThumbnailMs)}`,
        ratio: formatRatio(big.firstThumbnailMs / ref.firstThumbnailMs),
        target: '≤ 500 ms',
        verdict: verdictOf(big.firstThumbnailMs <= 500),
      },
      {
        what: `${n} renders: main + renderer memory after scrolling the whole grid`,
        ours: `main ${mb(big.mainRss)}, renderer ${mb(big.rendererRss)}`,
        reference: `${atSmall}, not scrolled: main ${mb(ref.mainRss)}, renderer ${mb(ref.rendererRss)}`,
        ratio: formatRatio(Math.max(big.mainRss / ref.mainRss, big.rendererRss / ref.rendererRss)),
        target: '≤ 250 MB each',
        verdict: verdictOf(big.mainRss <= 250 * MB && big.rendererRss <= 250 * MB),
      },
    ],
    note: `App at scale (test/bench/app-scale.ts): one child process per library size runs the real core (createCore, IPC dispatch) and the built renderer in /usr/bin/chromium (1280×820), bridged as in test/e2e/studio.ts. "Core open + first page" is createCore + start + render:list {offset 0, limit 60} in that process (warm module cache, cold library). "First thumbnail" is from the page's navigation start (performance.timeOrigin) to the frame after the first card's thumbnail loaded, clicking Library as soon as the nav exists. At ${n} the grid was then scrolled top to bottom, in ${JUMPS} jumps, each waiting until no card was a loading placeholder: ${scroll.steps} steps in ${formatMs(scroll.ms)}, last position reached ${scroll.lastSeen.toLocaleString('en')}, at most ${scroll.maxCards} cards and ${scroll.maxNodes} DOM elements at once. Memory after a garbage collection in both: main = that child's VmRSS (core, app server, Playwright's client), renderer = the page's renderer process's VmRSS (JS heap ${mb(big.rendererHeap)}).`,
  };
}
