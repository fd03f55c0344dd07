import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import type { AcceptedRun } from '../emulator/types';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-family-key-6b2d11f0';
const TIMINGS = { pendingMs: 150, segmentingMs: 150, runningMs: 300 };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
const END_FRAME_PROMPT = 'The door swings open and the hall fills with light';
const OMNI_PROMPT = 'A lighthouse keeper climbs the stairs in a storm';
const MOTION_PROMPT = 'A quiet studio with soft window light';

/** axe on the whole page in light and dark (soft: one run lists every form's violations). */
async function expectNoViolations(page: Page, state: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const readable = violations.map(
      (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect.soft(readable, `axe violations on ${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function queueAndWaitDone(page: Page, prompt: string) {
  await page.getByRole('button', { name: /^Queue render/ }).click();
  await expect(page.getByText('Queued 1 video', { exact: true }).last()).toBeVisible();
  await nav(page, 'Queue').click();
  await expect(
    page.getByRole('listitem', { name: prompt }).getByText('Done', { exact: true }),
  ).toBeVisible({ timeout: 25_000 });
  await nav(page, 'New render').click();
}

test('the Kling family from the New render form: an end frame, Omni text-only in 9:16, Motion Control with a library video', async ({
  launchApp,
}) => {
  test.setTimeout(240_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  const runs = () => (app.emulator.createdRuns?.() ?? []) as AcceptedRun[];

  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await nav(page, 'New render').click();

  await test.step('the agent choice works from the keyboard (arrow keys move between agents)', async () => {
    await page.getByRole('radio', { name: 'Kling', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Kling 3.0 Omni' })).toBeChecked();
    await expect(page.getByLabel('Aspect ratio')).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('radio', { name: 'Kling', exact: true })).toBeChecked();
    await expect(page.getByRole('heading', { name: 'End frame (optional)' })).toBeVisible();
  });

  await test.step('Kling with an end frame: both pictures checked, uploaded and sent in order', async () => {
    await app.answerImagePick(FIXTURES.pngImage);
    await page.getByRole('button', { name: /^Choose image/ }).click();
    await expect(page.getByRole('img', { name: 'Preview of input.png' })).toBeVisible();
    await app.answerImagePick(FIXTURES.jpegImage);
    await page.getByRole('button', { name: 'End frame: pick an image' }).click();
    await expect(page.getByRole('img', { name: 'Preview of input.jpg' })).toBeVisible();
    await page.getByLabel('Motion prompt').fill(END_FRAME_PROMPT);
    await expect(page.getByText(/^Estimated cost: \d+ credits/)).toBeVisible();
    await expectNoViolations(page, 'New render, Kling with an end frame');
    await snap(page, 'family-end-frame');
    await queueAndWaitDone(page, END_FRAME_PROMPT);
    const run = runs().at(-1);
    expect(run?.agent).toBe('kling');
    expect(run?.params.images).toHaveLength(2);
    expect(run?.params.modelName).toBe('Kling_3_0');
  });

  // Every video link handed out so far now answers 404: the end-frame render's link has expired.
  app.emulator.inject({ fault: { kind: 'expired-link', status: 404 } });

  await test.step('Kling 3.0 Omni, text only, 9:16: no picture, no upload', async () => {
    const uploadsBefore = app.emulator.requests.filter((r) =>
      r.path.endsWith('/agent/assets/images'),
    ).length;
    await page.getByRole('radio', { name: 'Kling 3.0 Omni' }).check();
    await expect(page.getByRole('heading', { name: 'Reference images (optional)' })).toBeVisible();
    // The first frame carried over as reference image 1: take it out for a text-only render.
    await page.getByRole('button', { name: 'Remove image 1' }).click();
    await page.getByLabel('Motion prompt').fill(OMNI_PROMPT);
    await page.getByLabel('Aspect ratio').selectOption('9:16');
    await expect(page.getByText(/^Estimated cost: \d+ credits/)).toBeVisible();
    await expectNoViolations(page, 'New render, Omni text only');
    await snap(page, 'family-omni');
    await queueAndWaitDone(page, OMNI_PROMPT);
    const run = runs().at(-1);
    expect(run?.agent).toBe('kling-v3-omni');
    expect(run?.params).toMatchObject({
      images: [],
      aspectRatio: '9:16',
      modelName: 'Kling_V3_Omni',
    });
    expect(
      app.emulator.requests.filter((r) => r.path.endsWith('/agent/assets/images')).length,
    ).toBe(uploadsBefore);
  });

  await test.step('Motion Control with a library video whose WeShop link still answers', async () => {
    await page.getByRole('radio', { name: 'Motion Control' }).check();
    await expect(page.getByRole('heading', { name: 'Character' })).toBeVisible();
    await app.answerImagePick(FIXTURES.pngImage);
    await page.getByRole('button', { name: /^Choose (another )?image/ }).click();
    await page.getByLabel('Motion prompt (optional)').fill(MOTION_PROMPT);
    await page.getByRole('button', { name: 'Pick from library…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pick a reference video from the library' });
    await expect(dialog.getByText(/link has expired \(.*HTTP 404\)/)).toBeVisible();
    const fresh = dialog.getByRole('button', { name: `Use this video: ${OMNI_PROMPT}` });
    await expect(fresh).toHaveAttribute('aria-disabled', 'false');
    await expect(
      dialog.getByRole('button', { name: `Use this video: ${END_FRAME_PROMPT}` }),
    ).toHaveAttribute('aria-disabled', 'true');
    await expectNoViolations(page, 'Pick a reference video dialog');
    await snap(page, 'family-library-video');
    // Escape closes the picker and changes nothing; it opens again from its button.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByLabel('Reference video URL (required)')).toHaveValue('');
    await page.getByRole('button', { name: 'Pick from library…' }).click();
    await expect(fresh).toHaveAttribute('aria-disabled', 'false');
    await fresh.click();
    await expect(dialog).toHaveCount(0);
    const url = await page.getByLabel('Reference video URL (required)').inputValue();
    expect(url.startsWith(app.emulator.cdnBase)).toBe(true);
    // The links were asked without the key.
    const asked = app.emulator.requests.filter((r) => r.origin === 'cdn' && r.method === 'HEAD');
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (const request of asked) expect(request.headers.authorization).toBeUndefined();
    await expect(page.getByText(/^Estimated cost: \d+ credits/)).toBeVisible();
    await expectNoViolations(page, 'New render, Motion Control');
    await snap(page, 'family-motion-control');
    await queueAndWaitDone(page, MOTION_PROMPT);
    const run = runs().at(-1);
    expect(run?.agent).toBe('kling-motion-control');
    expect(run?.params.videos).toEqual([url]);
    expect(run?.params.images).toHaveLength(1);
  });
});
