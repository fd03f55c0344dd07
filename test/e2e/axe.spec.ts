import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav } from './helpers';

const API_KEY = 'e2e-axe-key-5c1f09aa';
const TIMINGS = { pendingMs: 200, segmentingMs: 200, runningMs: 400 };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core on the whole page (every rule of WCAG 2.0–2.2 A/AA plus best practice), in
 * light and in dark, and fails with a readable list: rule, impact, the offending elements.
 */
async function expectNoViolations(page: Page, state: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const readable = violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes
          .slice(0, 5)
          .map((node) => `    ${node.target.join(' ')} ${node.failureSummary ?? ''}`)
          .join('\n'),
    );
    // Soft: one run reports every state's violations, not only the first.
    expect.soft(readable, `axe violations on ${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('axe: every screen and dialog, light and dark, has no violations', async ({ launchApp }) => {
  // ~2 min on 2 busy cores now that it opens the detail view's tabs too: room, not a hang.
  test.setTimeout(300_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();

  await expect(page.getByRole('heading', { name: 'Welcome to Kling Studio' })).toBeVisible();
  await expectNoViolations(page, 'first run');

  await nav(page, 'Settings').click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expectNoViolations(page, 'Settings without a key');
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await expectNoViolations(page, 'Settings with a key');
  await page.getByRole('button', { name: /^Remove key/ }).click();
  const removeKey = page.getByRole('dialog', { name: 'Remove the API key?' });
  await expect(removeKey).toBeVisible();
  await expectNoViolations(page, 'Remove key dialog');
  await page.keyboard.press('Escape');
  await expect(removeKey).toHaveCount(0);

  await nav(page, 'New render').click();
  await expect(page.getByRole('heading', { name: 'New render', level: 1 })).toBeVisible();
  await expectNoViolations(page, 'New render, empty');
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await expect(page.getByRole('img', { name: 'Preview of input.jpg' })).toBeVisible();
  const prompts = ['A slow dolly forward through fog', 'Waves roll onto a quiet beach'];
  await page.getByLabel('Motion prompt').fill(prompts[0] as string);
  await expectNoViolations(page, 'New render, filled');
  await page.getByRole('button', { name: /^Queue render/ }).click();
  await expect(page.getByText('Queued 1 video', { exact: true })).toBeVisible();
  await expectNoViolations(page, 'New render with a toast');
  await page.getByLabel('Motion prompt').fill(prompts[1] as string);
  await page.getByLabel('Videos').fill('2');
  await page.getByRole('button', { name: /^Queue render/ }).click();

  await nav(page, 'Queue').click();
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  await expectNoViolations(page, 'Queue, running');
  for (const prompt of prompts) {
    await expect(
      page.getByRole('listitem', { name: prompt }).getByText('Done', { exact: true }),
    ).toBeVisible({ timeout: 25_000 });
  }
  await expectNoViolations(page, 'Queue, done');

  await nav(page, 'Library').click();
  await expect(page.getByText('2 renders', { exact: true })).toBeVisible();
  await expect(page.locator('.thumb img')).toHaveCount(2);
  await expectNoViolations(page, 'Library');
  // A card playing its preview (hover): the video over the thumbnail, the summary on top.
  await page.locator('.card').first().hover();
  await expect(page.getByTestId('card-preview')).toHaveCount(1);
  await expectNoViolations(page, 'Library, a card previewing');
  for (const prompt of prompts) await page.getByLabel(`Select for compare: ${prompt}`).check();
  await expectNoViolations(page, 'Library, two selected');
  await page.getByRole('button', { name: 'Compare side by side' }).click();
  const compare = page.getByRole('dialog', { name: 'Compare renders' });
  await expect(compare.locator('video')).toHaveCount(2);
  await expectNoViolations(page, 'Compare dialog');
  await page.keyboard.press('Escape');
  await expect(compare).toHaveCount(0);

  // A batch: one large player and a switcher between its videos (tabs with thumbnails).
  await page.getByRole('button', { name: `Open render: ${prompts[1]}` }).click();
  const batch = page.getByRole('dialog');
  await batch.getByRole('tab', { name: 'Video 2 of 2' }).click();
  await expect(batch.getByRole('tabpanel', { name: 'Video 2 of 2' })).toBeVisible();
  await expectNoViolations(page, 'Render details, batch of 2');
  await page.keyboard.press('Escape');
  await expect(batch).toHaveCount(0);

  await page.getByRole('button', { name: `Open render: ${prompts[0]}` }).click();
  const detail = page.getByRole('dialog').first();
  await expect(detail.locator('video')).toHaveCount(1);
  await expectNoViolations(page, 'Render details');
  await detail.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this render?' });
  await expect(confirm).toBeVisible();
  await expectNoViolations(page, 'Delete dialog over details');
});

test('axe: the credit screens (estimate over the balance, Spent, Budget settings and dialog), light and dark', async ({
  launchApp,
}) => {
  test.setTimeout(90_000);
  // 25 credits: after one 20-credit render the next estimate is more than the balance.
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS, powerBalance: 25 });
  const page = await app.open();
  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');

  await nav(page, 'Spent').click();
  await expect(page.getByText(/Nothing spent yet/)).toBeVisible();
  await expectNoViolations(page, 'Spent, empty');

  await nav(page, 'New render').click();
  await app.answerImagePick(FIXTURES.pngImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  const prompt = 'A kite climbs into a windy sky';
  await page.getByLabel('Motion prompt').fill(prompt);
  await expect(page.getByText('Estimated cost: 20 credits')).toBeVisible();
  await expectNoViolations(page, 'New render with an estimate');
  await page.getByRole('button', { name: /^Queue render/ }).click();
  await nav(page, 'Queue').click();
  await expect(
    page.getByRole('listitem', { name: prompt }).getByText('Done', { exact: true }),
  ).toBeVisible({ timeout: 25_000 });

  await nav(page, 'New render').click();
  await page.getByLabel('Motion prompt').fill(`${prompt}, again`);
  await expect(page.getByText(/more than your balance/)).toBeVisible();
  await expectNoViolations(page, 'New render, estimate more than the balance');

  await nav(page, 'Spent').click();
  await expect(page.getByRole('img', { name: /highest 20 credits/ })).toBeVisible();
  await expectNoViolations(page, 'Spent by day');
  await page.getByRole('radio', { name: 'By model' }).check();
  await expectNoViolations(page, 'Spent by model');

  await nav(page, 'Settings').click();
  await page.getByLabel('Cap per render').fill('10');
  await page.getByLabel('Cap per render').press('Enter');
  await page.getByLabel('Cap per day').fill('-1');
  await page.getByLabel('Cap per day').press('Enter');
  await expect(page.getByText('Cap per day: A cap must be more than 0 credits')).toBeVisible();
  await expectNoViolations(page, 'Settings, Budget with an error');

  await nav(page, 'New render').click();
  await page.getByRole('button', { name: /^Queue render/ }).click();
  await expect(page.getByRole('dialog', { name: /Over your budget/ })).toBeVisible();
  await expectNoViolations(page, 'Budget dialog');
});

test('axe: the creative loop (presets and variations, a set, Continue, a sequence), light and dark', async ({
  launchApp,
}) => {
  test.setTimeout(150_000);
  const app = await launchApp({
    apiKey: API_KEY,
    timings: TIMINGS,
    videoFixtures: [FIXTURES.largeVideo],
  });
  const page = await app.open();
  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');

  await nav(page, 'New render').click();
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await expect(page.getByRole('img', { name: 'Preview of input.jpg' })).toBeVisible();
  await page.getByLabel('Motion prompt').fill('A kite rises over {place}');
  await page.getByLabel('Save the form as a preset').fill('Kite');
  await page.getByRole('button', { name: 'Save preset' }).click();
  await expect(page.getByLabel('{place}')).toBeVisible();
  await page.getByLabel('{place}').fill('the dunes');
  await page.getByRole('button', { name: 'Use preset' }).click();
  await page.getByLabel('Kling 2.6').check();
  await expect(
    page.getByText(/^2 renders \(2 videos\), about \d+ credits in total$/),
  ).toBeVisible();
  await expectNoViolations(page, 'New render with a preset and variations');
  await page.getByRole('button', { name: 'Queue set of 2' }).click();
  await nav(page, 'Queue').click();
  await expect(page.getByText('Done', { exact: true })).toHaveCount(2, { timeout: 30_000 });

  await nav(page, 'Library').click();
  await page.getByRole('button', { name: /^Set of 2/ }).click();
  const set = page.getByRole('dialog', { name: /^Set of 2/ });
  await expect(set.locator('video')).toHaveCount(2);
  await expectNoViolations(page, 'Set view');
  await page.keyboard.press('Escape');
  await expect(set).toHaveCount(0);

  await page
    .getByRole('button', { name: 'Open render: A kite rises over the dunes' })
    .first()
    .click();
  await page.getByRole('button', { name: 'Continue from last frame…' }).click();
  const continueDialog = page.getByRole('dialog', { name: 'Continue from the last frame' });
  await continueDialog.getByLabel('What happens next').fill('The kite dives');
  await expectNoViolations(page, 'Continue dialog');
  await continueDialog.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(continueDialog).toHaveCount(0);
  await page.keyboard.press('Escape');
  await nav(page, 'Queue').click();
  await expect(page.getByText('Done', { exact: true })).toHaveCount(3, { timeout: 30_000 });
  await nav(page, 'Library').click();
  await page.getByRole('button', { name: 'Open render: The kite dives' }).click();
  await page.getByRole('button', { name: 'Sequence (2)' }).click();
  await expect(page.getByRole('dialog', { name: 'Sequence of 2 renders' })).toBeVisible();
  await expectNoViolations(page, 'Sequence view');
});
