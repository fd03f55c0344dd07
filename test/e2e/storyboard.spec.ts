import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { findJoinTools } from '../../electron/storyboard/join-clips';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-storyboard-key-2b7f0c44';
const tools = await findJoinTools(process.env).catch(() => null);

/** axe (WCAG 2.0–2.2 A/AA and best practice) on the page in light and dark: no violation. */
async function expectNoViolations(page: Page, state: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    const readable = violations.map(
      (v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect.soft(readable, `axe violations on ${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const storyboardNav = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Storyboard\b/ });

test('a storyboard of 3 keyframes: total first, 2 transitions rendered as one set, played back-to-back, exported as one joined MP4', async ({
  launchApp,
}) => {
  test.skip(!tools, 'joining needs ffmpeg and ffprobe on the PATH');
  test.setTimeout(120_000);
  const app = await launchApp({
    apiKey: API_KEY,
    timings: { pendingMs: 150, segmentingMs: 150, runningMs: 300 },
  });
  const page = await app.open();
  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');

  await storyboardNav(page).click();
  for (const picture of [FIXTURES.pngImage, FIXTURES.jpegImage, FIXTURES.pngImage]) {
    await app.answerImagePick(picture);
    await page.getByRole('button', { name: 'Add keyframe…' }).click();
  }
  await expect(page.getByRole('listitem', { name: /^Keyframe 3:/ })).toBeVisible();
  await page
    .getByLabel('Prompt for every transition', { exact: true })
    .fill('The camera glides to the next shot');
  await expect(page.getByText(/^2 transitions, about \d+ credits in total$/)).toBeVisible();
  expect(app.emulator.requests.filter((r) => r.path.endsWith('/agent/runs'))).toEqual([]);
  await snap(page, 'storyboard-01-total');
  await expectNoViolations(page, 'the storyboard editor');

  await page.getByRole('button', { name: 'Queue storyboard (2 transitions)' }).click();
  const transitions = page.getByRole('list', { name: 'Transitions in play order' });
  await expect(transitions.getByText('Done', { exact: true })).toHaveCount(2, { timeout: 40_000 });
  expect([...app.emulator.startsByIdempotencyKey().values()]).toEqual([1, 1]);

  // Played back-to-back: the player starts on transition 1.
  const player = page
    .getByRole('region', { name: /^Storyboard of 3 keyframes, / })
    .locator('video');
  await expect(player).toHaveAttribute('aria-label', 'Transition 1 of 2');
  await snap(page, 'storyboard-02-done');
  await expectNoViolations(page, 'a done storyboard');

  await page.getByRole('button', { name: 'Export joined MP4' }).click();
  const joined = page.getByText(/^Joined MP4: /);
  await expect(joined).toBeVisible();
  const file = ((await joined.textContent()) ?? '').replace(/^Joined MP4: /, '');
  expect((await stat(file)).size).toBeGreaterThan(0);
  const seconds = Number(
    execFileSync(tools?.ffprobe as string, [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ])
      .toString()
      .trim(),
  );
  expect(seconds).toBeGreaterThan(1.5);
  await expect(page.getByText(/without re-encoding$/).last()).toBeVisible();
  await snap(page, 'storyboard-03-joined');
});
