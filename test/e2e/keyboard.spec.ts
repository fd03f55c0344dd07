import type { Locator, Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, TARGET, test } from './fixtures';
import { auditControlNames, expectVideosPlay, nav, snap } from './helpers';

const API_KEY = 'e2e-keyboard-key-3d8e61b0';
const TIMINGS = { pendingMs: 300, segmentingMs: 300, runningMs: 600 };

/**
 * Presses Tab until `target` has focus, as a keyboard user would; fails if it never does.
 * The app's own controls must then show a focus ring (a <video> draws its own, inside).
 */
async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  for (let press = 0; press <= maxPresses; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      const { tag, outline } = await target.evaluate((element) => ({
        tag: element.tagName,
        outline: getComputedStyle(element).outlineStyle,
      }));
      if (tag !== 'VIDEO') expect(outline, `focus ring of ${target}`).not.toBe('none');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('keyboard only: key, image, queue with Ctrl+Enter, open and close the result', async ({
  launchApp,
}) => {
  test.setTimeout(60_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  await expect(page.getByRole('heading', { name: 'Welcome to Kling Studio' })).toBeVisible();

  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await tabTo(page, page.getByLabel('Paste your key'));
  await page.keyboard.type(API_KEY);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('key-status')).toContainText(`Set, ends in ${API_KEY.slice(-4)}`);

  await app.answerImagePick(FIXTURES.jpegImage);
  await page.keyboard.press('Control+o');
  await expect(page.getByRole('heading', { name: 'New render' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Preview of input.jpg' })).toBeVisible();
  const prompt = 'Camera pushes in slowly, keyboard only';
  await tabTo(page, page.getByLabel('Motion prompt'));
  await page.keyboard.type(prompt);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Queued 1 video', { exact: true })).toBeVisible();

  await page.keyboard.press('Control+2');
  const job = page.getByRole('listitem', { name: prompt });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 20_000 });
  await tabTo(page, job.getByRole('button', { name: 'Open' }));
  await page.keyboard.press('Enter');

  const detail = page.getByRole('dialog', { name: 'Render details' });
  await expect(detail).toBeVisible();
  const focusInside = () => detail.evaluate((element) => element.contains(document.activeElement));
  expect(await focusInside()).toBe(true);
  // Chromium's player drops focus when its controls rebuild after loading; a person tabs
  // through a loaded player, so wait for that first.
  const video = detail.getByLabel('video 1 of 1');
  await expectVideosPlay(video, 1);
  // Modal: Tab cycles inside the dialog and never reaches the page behind it.
  for (let press = 0; press < 15; press++) {
    await page.keyboard.press('Tab');
    expect(await focusInside(), `focus after Tab ${press + 1}`).toBe(true);
  }
  // Escape from inside the player's own controls, which keep key events from the page.
  await tabTo(page, detail.getByRole('button', { name: 'Close' }));
  await page.keyboard.press('Tab'); // the player
  await page.keyboard.press('Tab'); // its first own control
  await expect(video).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // Library by keyboard: Ctrl+F finds the search box; a card opens with Enter and focus
  // comes back to it when the dialog closes.
  await page.keyboard.press('Control+f');
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search prompts' })).toBeFocused();
  const card = page.getByRole('button', { name: `Open render: ${prompt}` });
  await tabTo(page, card);
  await snap(page, '18-library-keyboard-focus');
  await page.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(card).toBeFocused();
});

test('every control on every screen has an accessible name', async ({ launchApp }) => {
  test.setTimeout(60_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  const audit = async (screen: string) => {
    const { named, unnamed } = await auditControlNames(page.locator('body'));
    expect(unnamed, `controls without a name on ${screen}`).toEqual([]);
    expect(named.length, `controls found on ${screen}`).toBeGreaterThan(4);
  };

  await expect(page.getByRole('heading', { name: 'Welcome to Kling Studio' })).toBeVisible();
  for (const screen of ['New render', 'Queue', 'Library', 'Settings', 'Spent'] as const) {
    await expect(nav(page, screen)).toHaveAttribute('aria-keyshortcuts', /^Control\+\d/);
  }
  await expect(page.getByRole('button', { name: 'Open Settings to add your key' })).toBeVisible();
  await audit('first run');

  await nav(page, 'Settings').click();
  await expect(page.getByRole('textbox', { name: 'Paste your key' })).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'Runs at once' })).toBeVisible();
  await expect(
    page.getByRole('checkbox', { name: 'Notify me when a render finishes or fails' }),
  ).toBeVisible();
  await audit('Settings');
  await page.getByRole('textbox', { name: 'Paste your key' }).fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: 'Test key' })).toBeEnabled();

  await nav(page, 'New render').click();
  await app.answerImagePick(FIXTURES.pngImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await expect(page.getByRole('button', { name: /^Choose another image/ })).toBeVisible();
  const prompt = 'A gentle pan to the left';
  await page.getByRole('textbox', { name: 'Motion prompt' }).fill(prompt);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Duration' })).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'Videos' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Generate audio' })).toBeVisible();
  await audit('New render');
  await page.getByRole('button', { name: /^Queue render/ }).click();

  await nav(page, 'Queue').click();
  const job = page.getByRole('listitem', { name: prompt });
  // "Cancel" until the start may have reached WeShop, "Stop waiting" after: either is the action.
  await expect(job.getByRole('button', { name: /^(Cancel|Stop waiting)$/ })).toBeVisible();
  await audit('Queue, job running');
  await expect(job.getByRole('button', { name: 'Open' })).toBeVisible({ timeout: 20_000 });

  await nav(page, 'Library').click();
  await expect(page.getByRole('searchbox', { name: 'Search prompts' })).toBeVisible();
  for (const name of ['Model', 'State', 'Sort']) {
    await expect(page.getByRole('combobox', { name })).toBeVisible();
  }
  await expect(page.getByRole('checkbox', { name: `Select for compare: ${prompt}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add to favourites' })).toBeVisible();
  await audit('Library');

  await page.getByRole('button', { name: `Open render: ${prompt}` }).click();
  const detail = page.getByRole('dialog', { name: 'Render details' });
  await expect(detail.getByRole('button', { name: 'Close' })).toBeVisible();
  await expect(detail.getByLabel('video 1 of 1')).toBeVisible();
  await audit('Render details');
  await page.keyboard.press('Escape');

  // Spent by keyboard: Ctrl+5, then the grouping radios move with the arrow keys.
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'Spent', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV…' })).toBeVisible();
  await page.getByRole('radio', { name: 'By day' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'By week' })).toBeChecked();
  await expect(page.getByRole('table', { name: /last 8 weeks/ })).toBeVisible();
  await audit('Spent');
});

test.describe('the audit helper', () => {
  // A plain-page check of the helper, no app involved: nothing to run against Electron.
  test.skip(TARGET === 'electron', 'needs a plain browser page');

  test('flags a control without a name', async ({ page }) => {
    await page.setContent(
      '<button>Named</button><button><svg width="8" height="8"></svg></button><input type="text">',
    );
    const { named, unnamed } = await auditControlNames(page.locator('body'));
    expect(named).toEqual(['- button "Named"']);
    expect(unnamed).toHaveLength(2);
  });
});
