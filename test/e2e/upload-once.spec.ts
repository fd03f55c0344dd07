import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-upload-key-5a17c0de';
const TIMINGS = { pendingMs: 150, segmentingMs: 150, runningMs: 300 };
const FIRST_PROMPT = 'The lighthouse beam sweeps across the fog';
const SECOND_PROMPT = 'Waves roll in under a low sun';

test('the picked image uploads at once; queueing during the upload waits for it: one upload', async ({
  launchApp,
}) => {
  test.setTimeout(90_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  const uploads = () =>
    app.emulator.requests.filter(
      (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/assets/images'),
    ).length;
  const starts = () =>
    app.emulator.requests.filter(
      (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/runs'),
    ).length;
  const uploadLine = page.locator('[data-upload-state]');

  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await nav(page, 'New render').click();

  await test.step('pick: the upload starts before anything is queued, and the screen says so', async () => {
    // The upload takes 5 s here, so the user can queue while it runs.
    app.emulator.inject({
      fault: { kind: 'slow', delayMs: 5_000 },
      match: { method: 'POST', path: /\/agent\/assets\/images$/ },
    });
    await app.answerImagePick(FIXTURES.pngImage);
    await page.getByRole('button', { name: /^Choose image/ }).click();
    await expect(page.getByRole('img', { name: 'Preview of input.png' })).toBeVisible();
    await expect(uploadLine).toHaveAttribute('data-upload-state', 'uploading');
    await expect(page.getByText('Uploading to WeShop…')).toBeVisible();
    await expect.poll(uploads).toBe(1);
    expect(starts()).toBe(0);
    await snap(page, 'upload-uploading');
  });

  await test.step('queue during the upload: the job waits for that same upload', async () => {
    await page.getByLabel('Motion prompt').fill(FIRST_PROMPT);
    await expect(uploadLine).toHaveAttribute('data-upload-state', 'uploading');
    await page.getByRole('button', { name: /^Queue render/ }).click();
    await expect(page.getByText('Queued 1 video', { exact: true }).last()).toBeVisible();
    await expect(uploadLine).toHaveAttribute('data-upload-state', 'uploaded', { timeout: 10_000 });
    await expect(page.getByText('Uploaded to WeShop: ready to queue.')).toBeVisible();
    await snap(page, 'upload-uploaded');
  });

  await test.step('a second render of the same picture sends only its start', async () => {
    await page.getByLabel('Motion prompt').fill(SECOND_PROMPT);
    await page.getByRole('button', { name: /^Queue render/ }).click();
    await nav(page, 'Queue').click();
    for (const prompt of [FIRST_PROMPT, SECOND_PROMPT]) {
      await expect(
        page.getByRole('listitem', { name: prompt }).getByText('Done', { exact: true }),
      ).toBeVisible({ timeout: 25_000 });
    }
    expect(starts()).toBe(2);
    expect(uploads()).toBe(1);
  });

  await test.step('picking the same picture again finds it on WeShop already', async () => {
    await nav(page, 'New render').click();
    await app.answerImagePick(FIXTURES.pngImage);
    await page.getByRole('button', { name: /^Choose (another )?image/ }).click();
    await expect(page.getByText('Already on WeShop: ready to queue.')).toBeVisible();
    expect(uploads()).toBe(1);
  });
});
