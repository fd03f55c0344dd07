/**
 * Child: the app at one library size, in its own process so its memory is the app's "main":
 * the core opened and its first Library page answered (timed), then the built renderer in
 * Chromium (page load → the Library's first thumbnail painted), then the whole grid scrolled
 * top to bottom; reports this process's and the page's renderer process's resident memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../chromium';
import { childInput, reportResult } from './child';
import { startGridApp } from './grid-app';
import { collectGarbage } from './memory';

export interface AppScaleResult {
  coreOpenMs: number;
  firstPageItems: number;
  total: number;
  firstThumbnailMs: number;
  scroll?: { ms: number; steps: number; maxCards: number; maxNodes: number; lastSeen: number };
  mainRss: number;
  rendererRss: number;
  rendererHeap: number;
}

const { home, scrollWhole, jumps } = childInput<{
  home: string;
  scrollWhole: boolean;
  /** How many jumps take the grid from top to bottom. */
  jumps: number;
}>();

/** Resident memory of a pid (bytes), from /proc. */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** The largest Chromium renderer process started under this process (the page's). */
function rendererRss(): number {
  const parentOf = (pid: number) =>
    Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const mine = (pid: number) => {
    for (let at = pid, hops = 0; at > 1 && hops < 10; hops++) {
      at = parentOf(at);
      if (at === process.pid) return true;
    }
    return false;
  };
  let largest = 0;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('--type=renderer') && mine(pid)) largest = Math.max(largest, rssOf(pid));
    } catch {
      // The process ended while we looked: not the page's.
    }
  }
  return largest;
}

const started = performance.now();
// The page is never asked to start a render: no API is reached.
const app = await startGridApp(home, { apiBase: 'http://127.0.0.1:9' });
const first = (await app.dispatch('render:list', { sort: 'newest', offset: 0, limit: 60 })) as {
  ok: boolean;
  value?: { items: unknown[]; total: number };
};
const coreOpenMs = performance.now() - started;
console.error(`core open + first page: ${coreOpenMs.toFixed(0)} ms`);
if (!first.ok || !first.value) throw new Error(`render:list failed: ${JSON.stringify(first)}`);

const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
try {
  const page = await app.open(browser);
  const firstThumbnailMs = await page.evaluate(() => {
    const loadStart = performance.timeOrigin;
    return new Promise<number>((resolve, reject) => {
      const tick = () => {
        const button = [...document.querySelectorAll<HTMLButtonElement>('nav button')].find((b) =>
          b.textContent?.includes('Library'),
        );
        if (button && !document.querySelector('.grid-scroll')) button.click();
        const img = document.querySelector<HTMLImageElement>('.card .thumb img');
        if (img?.complete && img.naturalWidth > 0)
          return requestAnimationFrame(() => resolve(Date.now() - loadStart));
        if (performance.now() > 30_000) return reject(new Error('no thumbnail in 30 s'));
        requestAnimationFrame(tick);
      };
      tick();
    });
  });
  console.error(`first thumbnail: ${firstThumbnailMs} ms`);
  let scroll: AppScaleResult['scroll'];
  if (scrollWhole) {
    scroll = await page.evaluate(async (jumps) => {
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
      const scroller = document.querySelector<HTMLElement>('.grid-scroll');
      if (!scroller) throw new Error('no grid');
      const t0 = performance.now();
      let steps = 0;
      let maxCards = 0;
      let maxNodes = 0;
      // Jumps spread over the whole grid, each landing on pages not held yet (a window of
      // pages is kept, the rest dropped: memory must not grow with the distance scrolled).
      const step = Math.max(scroller.clientHeight, scroller.scrollHeight / jumps);
      for (;;) {
        const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
        scroller.scrollTop += step;
        steps++;
        const waitUntil = performance.now() + 5_000;
        do await frame();
        while (document.querySelector('.card-loading') && performance.now() < waitUntil);
        maxCards = Math.max(maxCards, document.querySelectorAll('.card').length);
        maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
        if (atEnd) break;
      }
      const cards = [...document.querySelectorAll('[aria-posinset]')];
      const lastSeen = Math.max(...cards.map((c) => Number(c.getAttribute('aria-posinset'))));
      return { ms: performance.now() - t0, steps, maxCards, maxNodes, lastSeen };
    }, jumps);
  }
  // Memory as it settles: a collection in both processes, then resident sizes.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  collectGarbage();
  await new Promise((r) => setTimeout(r, 500));
  reportResult({
    coreOpenMs,
    firstPageItems: first.value.items.length,
    total: first.value.total,
    firstThumbnailMs,
    scroll,
    mainRss: rssOf(process.pid),
    rendererRss: rendererRss(),
    rendererHeap: heap.usedSize,
  } satisfies AppScaleResult);
} finally {
  await browser.close();
  await app.close();
}
