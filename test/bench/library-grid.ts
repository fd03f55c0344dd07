import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../chromium';
import type { RunningEmulator } from '../emulator/server';
import { startGridApp } from './grid-app';
import { formatMs, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROUNDS = 3;
const root = join(import.meta.dirname, '..', '..');

interface PaintTimes {
  firstThumbnailMs: number;
  allVisibleMs: number;
  cards: number;
}

interface ScrollResult {
  ms: number;
  nodesBefore: number;
  nodesAfter: number;
  cardsBefore: number;
  cardsAfter: number;
  lastPosition: number;
}

/**
 * In the page: clicks Library, then watches frames until the first thumbnail (and then every
 * thumbnail of a card in view) has loaded; a frame later it is on screen.
 */
function openLibraryAndTimePaint(page: Page): Promise<PaintTimes> {
  return page.evaluate(
    () =>
      new Promise<PaintTimes>((resolve, reject) => {
        const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
        const button = [...document.querySelectorAll<HTMLButtonElement>('nav button')].find((b) =>
          b.textContent?.includes('Library'),
        );
        if (!button) return reject(new Error('no Library button'));
        const started = performance.now();
        button.click();
        const loaded = (img: HTMLImageElement) => img.complete && img.naturalWidth > 0;
        const inView = (el: Element) => {
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        };
        void (async () => {
          let first: number | null = null;
          while (performance.now() - started < 20_000) {
            await frame();
            const images = [...document.querySelectorAll<HTMLImageElement>('.card .thumb img')];
            if (first === null && images.some(loaded)) {
              await frame();
              first = performance.now() - started;
            }
            const visible = images.filter(inView);
            if (first !== null && visible.length > 0 && visible.every(loaded)) {
              await frame();
              const cards = document.querySelectorAll('.card').length;
              return resolve({
                firstThumbnailMs: first,
                allVisibleMs: performance.now() - started,
                cards,
              });
            }
          }
          reject(new Error('no thumbnail painted within 20 s'));
        })();
      }),
  );
}

/** In the page: jumps to the end of the grid and waits until the last card's thumbnail shows. */
function scrollToEnd(page: Page, total: number): Promise<ScrollResult> {
  return page.evaluate(
    (total) =>
      new Promise<ScrollResult>((resolve, reject) => {
        const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
        const scroller = document.querySelector<HTMLElement>('.grid-scroll');
        if (!scroller) return reject(new Error('no grid'));
        const nodesBefore = document.getElementsByTagName('*').length;
        const cardsBefore = document.querySelectorAll('.card').length;
        const started = performance.now();
        scroller.scrollTop = scroller.scrollHeight;
        void (async () => {
          while (performance.now() - started < 20_000) {
            await frame();
            const last = document.querySelector(`.card[aria-posinset="${total}"] .thumb img`);
            if (last instanceof HTMLImageElement && last.complete && last.naturalWidth > 0) {
              await frame();
              return resolve({
                ms: performance.now() - started,
                nodesBefore,
                nodesAfter: document.getElementsByTagName('*').length,
                cardsBefore,
                cardsAfter: document.querySelectorAll('.card').length,
                lastPosition: total,
              });
            }
          }
          reject(new Error('the last card never showed its thumbnail'));
        })();
      }),
    total,
  );
}

async function ensureBuilt(): Promise<void> {
  if (existsSync(join(root, 'dist', 'renderer', 'index.html'))) return;
  await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: root, timeout: 300_000 });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The Library grid with the whole library loaded, in Debian's Chromium. */
export async function benchLibraryGrid(
  home: string,
  renders: number,
  emulator: RunningEmulator,
): Promise<{ rows: Row[]; note: string }> {
  await ensureBuilt();
  const app = await startGridApp(home, emulator);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    const launched = browser;
    const rounds = await repeat(ROUNDS, async () => {
      const listsBefore = app.served.lists;
      const page = await app.open(launched);
      try {
        // The app loads the library at start-up; the click is timed once that answer is in
        // and the page has had a moment to take it in.
        await waitFor(() => app.served.lists > listsBefore, 'the start-up library list');
        await page.waitForTimeout(1_000);
        const paint = await openLibraryAndTimePaint(page);
        const scroll = await scrollToEnd(page, renders);
        return { paint, scroll };
      } finally {
        await page.close();
      }
    });
    const first = median(rounds.map((r) => r.paint.firstThumbnailMs));
    const allVisible = median(rounds.map((r) => r.paint.allVisibleMs));
    const scrollMs = median(rounds.map((r) => r.scroll.ms));
    const worstGrowth = Math.max(...rounds.map((r) => r.scroll.nodesAfter / r.scroll.nodesBefore));
    const maxCards = Math.max(
      ...rounds.map((r) => Math.max(r.scroll.cardsBefore, r.scroll.cardsAfter)),
    );
    const last = rounds.at(-1)?.scroll;
    return {
      rows: [
        {
          what: `library grid, ${renders.toLocaleString('en')} renders in Chromium: click Library → first thumbnail painted`,
          ours: `${formatMs(first)} (all in view: ${formatMs(allVisible)})`,
          reference: '—',
          ratio: '—',
          target: 'first paint < 500 ms',
          verdict: verdictOf(first < 500),
        },
        {
          what: 'library grid: DOM elements before → after a scroll to the end',
          ours: `${last?.nodesBefore ?? 0} → ${last?.nodesAfter ?? 0} elements, ≤ ${maxCards} cards in the DOM; scroll to last thumbnail painted ${formatMs(scrollMs)}`,
          reference: `${renders.toLocaleString('en')} cards in the list`,
          ratio: formatRatio(worstGrowth),
          target: 'bounded: after ≤ 1.5× before, cards ≤ 1% of the list',
          verdict: verdictOf(worstGrowth <= 1.5 && maxCards <= renders / 100),
        },
      ],
      note: `Library grid: ${ROUNDS} rounds, each a fresh page (1280×820) of the built renderer (dist/renderer) in /usr/bin/chromium, with the real core (createCore on the generated library, IPC dispatch) bridged in through page.exposeBinding + addInitScript as in test/e2e/studio.ts, thumbnails served by the library's media handler. The app loads all ${renders.toLocaleString('en')} renders at start-up; once that answer has been served and 1 s has passed, the Library nav button is clicked in the page and frames are watched until a thumbnail <img> has loaded, plus one frame. Then the grid is scrolled to its end and timed until the last card's thumbnail shows; DOM elements (getElementsByTagName('*')) and cards are counted before and after. Per round, first paint: ${rounds.map((r) => formatMs(r.paint.firstThumbnailMs)).join(', ')}; scroll: ${rounds.map((r) => formatMs(r.scroll.ms)).join(', ')}.`,
    };
  } finally {
    await browser?.close();
    await app.close();
  }
}
