import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-credits-key-7c3d11be';
const TIMINGS = { pendingMs: 100, segmentingMs: 100, runningMs: 200 };

const estimateLine = (page: Page) => page.locator('p.estimate');
const starts = (requests: { origin: string; method: string; path: string }[]) =>
  requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/runs'),
  ).length;

test('credits: the estimate follows model and duration for a local image; Spent after two renders; budget and cost sort', async ({
  launchApp,
}) => {
  test.setTimeout(120_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS, powerBalance: 1000 });
  const page = await app.open();
  const exportDir = await mkdtemp(join(tmpdir(), 'kling-e2e-csv-'));

  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await nav(page, 'New render').click();

  await test.step('the estimate of a local image changes with the model, duration, audio and batch', async () => {
    await app.answerImagePick(FIXTURES.pngImage);
    await page.getByRole('button', { name: /^Choose image/ }).click();
    await expect(page.getByRole('img', { name: 'Preview of input.png' })).toBeVisible();
    await page.getByLabel('Motion prompt').fill('A paper boat drifts down a rain gutter');
    // The emulator's price table: Kling_3_0 4 credits a second (+2 with audio), Kling_2_1 2.
    await expect(estimateLine(page)).toHaveText('Estimated cost: 20 credits');
    await page.getByLabel('Duration').selectOption('12s');
    await expect(estimateLine(page)).toHaveText('Estimated cost: 48 credits');
    await page.getByLabel('Model').selectOption('Kling_2_1');
    // 12 s is not a Kling 2.1 length: the form goes back to 5 s.
    await expect(estimateLine(page)).toHaveText('Estimated cost: 10 credits');
    await page.getByLabel('Videos').fill('2');
    await expect(estimateLine(page)).toHaveText('Estimated cost: 20 credits');
    await page.getByLabel('Model').selectOption('Kling_3_0');
    await page.getByLabel('Generate audio').check();
    await expect(estimateLine(page)).toHaveText('Estimated cost: 60 credits');
    await snap(page, 'credits-estimate');
    // Every figure came from WeShop's estimate of the uploaded image: one upload, no start.
    const estimates = app.emulator.requests.filter((r) =>
      r.path.endsWith('/agent/power-estimates'),
    );
    expect(estimates.length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(estimates.at(-1)?.body ?? '{}').params.images[0]).toMatch(/\/uploads\//);
    expect(starts(app.emulator.requests)).toBe(0);
  });

  await test.step('two renders, then Spent shows their totals, the balance and a chart', async () => {
    await page.getByLabel('Generate audio').uncheck();
    await page.getByLabel('Videos').fill('1');
    await expect(estimateLine(page)).toHaveText('Estimated cost: 20 credits');
    await page.getByRole('button', { name: /^Queue render/ }).click();
    await expect(page.getByText('Queued 1 video', { exact: true }).last()).toBeVisible();
    await page.getByLabel('Motion prompt').fill('The boat spins slowly in an eddy');
    await page.getByLabel('Model').selectOption('Kling_2_1');
    // The balance joins the line once the first render's start has answered.
    await expect(estimateLine(page)).toHaveText(
      /^Estimated cost: 10 credits( · balance 980 credits)?$/,
    );
    await page.getByRole('button', { name: /^Queue render/ }).click();
    await nav(page, 'Queue').click();
    for (const prompt of [
      'A paper boat drifts down a rain gutter',
      'The boat spins slowly in an eddy',
    ]) {
      await expect(
        page.getByRole('listitem', { name: prompt }).getByText('Done', { exact: true }),
      ).toBeVisible({ timeout: 25_000 });
    }

    await nav(page, 'Spent').click();
    await expect(page.getByRole('heading', { name: 'Spent', level: 1 })).toBeVisible();
    const total = (name: string) => page.locator('dt', { hasText: name }).locator('+ dd');
    await expect(total('All time')).toHaveText('30 credits on 2 renders');
    await expect(total('Today')).toHaveText('30 credits');
    await expect(total('Balance')).toHaveText('970 credits');
    await expect(page.getByRole('img', { name: /last 14 days: highest 30 credits/ })).toBeVisible();
    await snap(page, 'credits-spent');
    await page.getByRole('radio', { name: 'By model' }).check();
    const table = page.getByRole('table', { name: 'Credits spent on each model' });
    await expect(table.getByRole('row')).toHaveText([
      'ModelCredits',
      'Kling 3.020 credits',
      'Kling 2.110 credits',
    ]);
    await snap(page, 'credits-spent-by-model');
  });

  await test.step('Export CSV… writes the ledger where the save dialog answered', async () => {
    const path = join(exportDir, 'credits.csv');
    await app.answerCsvSave(path);
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect(page.getByText(`Exported 2 renders to ${path}`)).toBeVisible();
    const lines = (await readFile(path, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,spent_at,agent,model,duration,audio,videos,state,credits,balance_after,prompt',
    );
    expect(lines.slice(1).map((line) => line.split(',')[8])).toEqual(['20', '10']);
  });

  await test.step('the estimate shows the balance and warns when a render costs more', async () => {
    await nav(page, 'New render').click();
    await page.getByLabel('Model').selectOption('Kling_3_0');
    await page.getByLabel('Duration').selectOption('15s');
    await page.getByLabel('Generate audio').check();
    await page.getByLabel('Videos').fill('16');
    // 6 × 15 × 16 = 1,440 > 970 (the balance the last start reported).
    await expect(estimateLine(page)).toHaveText(
      'Estimated cost: 1,440 credits · balance 970 credits — more than your balance',
    );
    await snap(page, 'credits-over-balance');
  });

  await test.step('a per-render cap asks before queueing; nothing starts unless confirmed', async () => {
    await nav(page, 'Settings').click();
    const cap = page.getByLabel('Cap per render');
    await cap.fill('100');
    await cap.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
    await snap(page, 'credits-settings-budget');
    await nav(page, 'New render').click();
    const before = starts(app.emulator.requests);
    await page.getByRole('button', { name: /^Queue render/ }).click();
    const dialog = page.getByRole('dialog', { name: /Over your budget/ });
    await expect(dialog).toContainText(
      'This render is estimated at 1,440 credits, more than your per-render cap of 100 credits.',
    );
    await snap(page, 'credits-budget-dialog');
    await dialog.getByRole('button', { name: "Don't queue" }).click();
    await expect(dialog).toHaveCount(0);
    expect(starts(app.emulator.requests)).toBe(before);
  });

  await test.step('the Library sorts and filters by cost', async () => {
    await nav(page, 'Library').click();
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('cost-low');
    const cards = page.getByRole('list', { name: /^Renders,/ }).getByRole('listitem');
    await expect(cards.first()).toContainText('The boat spins slowly in an eddy');
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('cost-high');
    await expect(cards.first()).toContainText('A paper boat drifts down a rain gutter');
    await snap(page, 'credits-library-cost');
    await page.getByRole('combobox', { name: 'Cost' }).selectOption('up-to-25');
    await expect(page.getByText('A paper boat drifts down a rain gutter')).toBeVisible();
    await page.getByRole('combobox', { name: 'Cost' }).selectOption('from-100');
    await expect(page.getByText('A paper boat drifts down a rain gutter')).toHaveCount(0);
  });

  await rm(exportDir, { recursive: true, force: true });
});
