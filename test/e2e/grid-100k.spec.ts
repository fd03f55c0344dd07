/**
 * The grid at 100,000: a generated library of 100,000 done renders (test/bench/make-library,
 * made once and kept in .tmp/e2e-library-100k for later runs), the real core and the built
 * renderer. The Library opens with the core's total, End reaches the last render by keyboard
 * and a wheel scroll moves the grid, every list answer is a page, and the DOM stays bounded.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startGridApp } from '../bench/grid-app';
import { makeLibrary } from '../bench/make-library';
import { nav } from './helpers';

const RENDERS = 100_000;
const home = join(import.meta.dirname, '..', '..', '.tmp', 'e2e-library-100k');
const madeMark = join(home, `made-${RENDERS}`);

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a hook takes from it
test.beforeAll(async ({}, testInfo) => {
  if (existsSync(madeMark)) return;
  // Minutes on 2 cores, once: later runs reuse the library (the mark says it is whole).
  testInfo.setTimeout(15 * 60_000);
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  await makeLibrary(home, RENDERS);
  await writeFile(madeMark, `${new Date().toISOString()}\n`);
});

test('the grid at 100,000: paged, reaches the last render, the DOM stays bounded', async ({
  browser,
}) => {
  // Opening the core on 100,000 renders is most of it (see the bench row "core open + first page").
  test.setTimeout(180_000);
  const app = await startGridApp(home, { apiBase: 'http://127.0.0.1:9' });
  try {
    const oldest = (await app.dispatch('render:list', { sort: 'oldest', limit: 1 })) as {
      value: { items: Array<{ id: string }> };
    };
    const lastId = oldest.value.items[0]?.id;
    const page = await app.open(browser);
    await nav(page, 'Library').click();
    await expect(page.getByText('100,000 renders', { exact: true })).toBeVisible({
      timeout: 30_000,
    });
    const grid = page.getByRole('list', { name: /^Renders, 100000 in this view/ });
    const firstCard = grid.locator('.card[aria-posinset="1"] .card-open');
    await expect(firstCard).toBeVisible();
    const count = () => page.evaluate(() => document.getElementsByTagName('*').length);
    const cards = () => grid.locator('.card').count();
    const nodesBefore = await count();

    await firstCard.focus();
    await page.keyboard.press('End');
    const last = grid.locator(`.card[aria-posinset="${RENDERS}"]`);
    await expect(last.locator('.card-open')).toBeFocused({ timeout: 20_000 });
    await expect(last).toHaveAttribute('data-render-id', lastId ?? '');
    await expect(last).toBeInViewport();
    expect(await count()).toBeLessThan(nodesBefore * 1.5);
    expect(await cards()).toBeLessThan(100);

    // The wheel moves the grid back up; the cards there load from their pages.
    await grid.hover();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -2_000);
    await expect(last).not.toBeInViewport();
    await expect(grid.locator('.card-loading')).toHaveCount(0, { timeout: 20_000 });
    expect(await cards()).toBeLessThan(100);

    // The focused last card left the DOM with the wheel: focus a card on screen, then Home.
    await grid.locator('.card .card-open').first().focus();
    await page.keyboard.press('Home');
    await expect(firstCard).toBeFocused({ timeout: 20_000 });
    expect(await count()).toBeLessThan(nodesBefore * 1.5);
    // Every answer was a page: never the library whole.
    expect(app.served.listLimits.every((limit) => limit !== null && limit <= 500)).toBe(true);
  } finally {
    await app.close();
  }
});
