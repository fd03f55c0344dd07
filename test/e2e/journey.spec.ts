import { GET_KEY_URL } from '../../shared/settings';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { expectVideosPlay, nav, recordTexts, snap } from './helpers';

// Distinctive, so finding it anywhere in the page or a CDN request is unambiguous.
const API_KEY = 'e2e-journey-key-7f3a9c51';
// The engine polls a young run every ~2 s: 1.5 s per remote state leaves each poll a good
// chance to land in a different one, so the Queue has remote states to show.
const TIMINGS = { pendingMs: 1500, segmentingMs: 1500, runningMs: 1500 };
const BATCH_PROMPT = 'Slow dolly-in while her hair moves in the wind';
const FAILING_PROMPT = 'Orbit around the subject at eye level';
const FAIL_REASON = 'Face not detected in the reference image';

test('first run to an offline library: key, batch render, failure and retry, restart', async ({
  launchApp,
}) => {
  test.setTimeout(150_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  let page = await app.open();
  const queueButton = () => page.getByRole('button', { name: /^Queue render/ });
  const libraryCards = () => page.getByRole('list', { name: /^Renders,/ }).getByRole('listitem');

  await test.step('without a key the app leads to Settings and to where keys come from', async () => {
    await expect(page.getByRole('heading', { name: 'Welcome to Kling Studio' })).toBeVisible();
    await expect(nav(page, 'Settings')).toHaveAccessibleName(/API key not set/);
    await snap(page, '01-first-run');
    // Empty screens explain themselves and point to the next step.
    await nav(page, 'Queue').click();
    await expect(page.getByText('Nothing in the queue.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start a new render' })).toBeVisible();
    await snap(page, '01a-queue-empty');
    await nav(page, 'Library').click();
    await expect(page.getByText('Your library is empty.')).toBeVisible();
    await snap(page, '01b-library-empty');
    await nav(page, 'New render').click();
    await expect(page.getByRole('heading', { name: 'Welcome to Kling Studio' })).toBeVisible();
    await page.getByRole('button', { name: /^Get an API key/ }).click();
    await expect.poll(() => app.openedExternally()).toEqual([GET_KEY_URL]);
    await page.getByRole('button', { name: 'Open Settings to add your key' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expect(page.getByTestId('key-status')).toHaveText('Not set');
  });

  await test.step('saving the key shows its last four characters, never the key', async () => {
    const input = page.getByLabel('Paste your key');
    await input.fill('short');
    await expect(page.getByText('That is too short for a WeShop key')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save key' })).toBeDisabled();
    await input.fill(API_KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect(page.getByTestId('key-status')).toHaveText(
      `Set, ends in ${API_KEY.slice(-4)} — from the system keychain`,
    );
    await expect(page.getByLabel('Replace the key')).toHaveValue('');
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect(page.getByText('The key works: WeShop accepted it.')).toBeVisible();
    expect(await page.content()).not.toContain(API_KEY);
    await expect(nav(page, 'Settings')).not.toHaveAccessibleName(/API key not set/);
    await snap(page, '02-settings-key-set');
  });

  await test.step('New render: image preview, inline validation, batch of 2', async () => {
    await nav(page, 'New render').click();
    await expect(page.getByRole('heading', { name: 'New render' })).toBeVisible();
    await expect(queueButton()).toBeDisabled();

    await app.answerImagePick(FIXTURES.pngImage);
    // The whole image box opens the picker, from the keyboard too.
    await page.getByRole('button', { name: 'Drop an image here, or pick one' }).press('Enter');
    await expect(page.getByRole('img', { name: 'Preview of input.png' })).toBeVisible();
    await expect(page.getByText('320 × 320 px')).toBeVisible();

    const prompt = page.getByLabel('Motion prompt');
    await prompt.fill(BATCH_PROMPT);
    await prompt.fill('');
    await prompt.blur();
    await expect(
      page.getByText('Describe the motion you want (a prompt is required)', { exact: true }),
    ).toBeVisible();
    await expect(prompt).toHaveAttribute('aria-invalid', 'true');
    await prompt.fill(BATCH_PROMPT);

    // A model without audio: the box turns off and says which models have it.
    await page.getByLabel('Model').selectOption({ label: 'Kling 2.5 Turbo' });
    await expect(page.getByLabel('Generate audio')).toBeDisabled();
    await expect(
      page.getByText('Kling 2.5 Turbo cannot generate audio; only Kling 3.0 and Kling 2.6 can.'),
    ).toBeVisible();
    await page.getByLabel('Model').selectOption({ label: 'Kling 2.6' });
    await expect(page.getByLabel('Duration').locator('option')).toHaveText([
      '5 seconds',
      '10 seconds',
    ]);
    await page.getByLabel('Duration').selectOption('10s');

    const batch = page.getByLabel('Videos');
    await batch.fill('17');
    await expect(page.locator('#batchCount-error')).toHaveText('Videos: at most 16 in one render');
    await expect(batch).toHaveAttribute('aria-invalid', 'true');
    await expect(queueButton()).toBeDisabled();
    await snap(page, '03-new-render-invalid');

    await batch.fill('2');
    await expect(page.getByText('Videos: at most 16 in one render', { exact: true })).toHaveCount(
      0,
    );
    await expect(queueButton()).toBeEnabled();
    await snap(page, '04-new-render-ready');
  });

  await test.step('Queue: remote and local states, then download progress', async () => {
    const seenBadges = await recordTexts(page, '.queue-item .badge');
    // The first video's CDN answer waits, so the job stays in Downloading with the other
    // video's bytes counted: long enough for a person (and this test) to see the bar.
    app.emulator.inject({
      fault: { kind: 'slow', delayMs: 3000 },
      match: { origin: 'cdn', path: /\/videos\// },
      times: 1,
    });
    await queueButton().click();
    await expect(page.getByText('Queued 2 videos')).toBeVisible();
    await expect(nav(page, 'Queue')).toHaveAccessibleName(/1 running or waiting/);

    await page.getByRole('button', { name: 'View in Queue' }).click();
    await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
    const job = page.getByRole('listitem', { name: BATCH_PROMPT });
    await expect(job).toContainText('Kling 2.6 · 10 seconds · 2 videos');
    // The source image: the core's copy in the render folder, through its media URL.
    const source = job.getByRole('img', { name: /^First frame: / });
    await expect(source).toBeVisible();
    await expect
      .poll(() => source.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    await expect(job.locator('.badge')).toHaveText(/^(Waiting at WeShop|Generating)$/);
    await expect(job.getByRole('list', { name: 'Steps' })).toBeVisible();
    await snap(page, '05-queue-running');
    await expect(job.getByRole('progressbar', { name: 'Download progress' })).toBeVisible({
      timeout: 20_000,
    });
    await snap(page, '06-queue-downloading');
    await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 20_000 });

    const seen = await seenBadges();
    test.info().annotations.push({ type: 'queue states seen', description: seen.join(' → ') });
    expect(seen).toEqual(expect.arrayContaining(['Downloading', 'Done']));
    const remote = seen.filter((text) => ['Waiting at WeShop', 'Generating'].includes(text));
    expect(remote.length, `remote states seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(1);
    expect(new Set(seen).size).toBeGreaterThanOrEqual(4);
  });

  await test.step('Library: the render opens and both of its videos play', async () => {
    await page
      .getByRole('listitem', { name: BATCH_PROMPT })
      .getByRole('button', { name: 'Open' })
      .click();
    await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
    const detail = page.getByRole('dialog', { name: 'Render details' });
    await expect(detail).toBeVisible();
    // One large player; the switcher shows the batch's second video in it.
    const player = detail.locator('video[controls]');
    await expect(detail.getByLabel('video 1 of 2', { exact: true })).toBeVisible();
    await expectVideosPlay(player, 1);
    await detail.getByRole('tab', { name: 'Video 2 of 2' }).click();
    await expect(player).toHaveAttribute('aria-label', 'video 2 of 2');
    await expectVideosPlay(player, 1);
    await expect(detail).toContainText('Kling 2.6');
    await snap(page, '07-detail-player');
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await expect(libraryCards()).toHaveCount(1);
    // The first frame becomes the card's thumbnail.
    await expect(libraryCards().first().locator('.thumb img')).toBeVisible();
    await snap(page, '08-library-one');
  });

  await test.step('a failed run shows WeShop’s reason, and Retry completes it', async () => {
    app.emulator.inject({ fault: { kind: 'run-fails', reason: FAIL_REASON } });
    await nav(page, 'New render').click();
    await page.getByLabel('Motion prompt').fill(FAILING_PROMPT);
    await page.getByLabel('Videos').fill('1');
    await queueButton().click();
    await expect(page.getByText('Queued 1 video', { exact: true })).toBeVisible();

    await nav(page, 'Queue').click();
    const job = page.getByRole('listitem', { name: FAILING_PROMPT });
    await expect(job.getByText('Failed', { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(job).toContainText(`WeShop said: ${FAIL_REASON}`);
    // The reason is said once, not again inside the app's own wording of the failure.
    expect(((await job.textContent()) ?? '').split(FAIL_REASON)).toHaveLength(2);
    await snap(page, '09-queue-failed');

    // WeShop created the run (it has an id), so its credits may be spent: said, not hidden.
    await expect(job).toContainText(/WeShop (ran|started) this render/);
    await expect(job.getByRole('button', { name: 'Edit & retry' })).toBeVisible();
    await job.getByRole('button', { name: 'Retry', exact: true }).click();
    // WeShop ended that run, so Retry pays for a new one: its cost is shown before it is confirmed.
    const ask = page.getByRole('dialog', { name: 'Retry this render?' });
    await expect(ask).toContainText(/Estimated cost: \d+ credits/);
    await ask.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 25_000 });
    await expect(job).not.toContainText(FAIL_REASON);
  });

  await test.step('Library: compare two renders, and the delete confirmation', async () => {
    await nav(page, 'Library').click();
    await expect(page.getByText('2 renders', { exact: true })).toBeVisible();
    await expect(libraryCards()).toHaveCount(2);
    await expect(libraryCards().locator('.thumb img')).toHaveCount(2);
    await snap(page, '10-library-grid');

    await page.getByLabel(`Select for compare: ${BATCH_PROMPT}`).check();
    await page.getByLabel(`Select for compare: ${FAILING_PROMPT}`).check();
    await expect(page.getByText('2 renders selected')).toBeVisible();
    await page.getByRole('button', { name: 'Compare side by side' }).click();
    const compare = page.getByRole('dialog', { name: 'Compare renders' });
    // One video of each render, played in sync; the settings that differ are marked.
    await expect(compare.getByRole('row', { name: /^Prompt Differs/ })).toBeVisible();
    await expectVideosPlay(compare.locator('video'), 2);
    await snap(page, '11-compare');
    await compare.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();

    await page.getByRole('button', { name: `Open render: ${FAILING_PROMPT}` }).click();
    const detail = page.getByRole('dialog', { name: 'Render details' });
    await expectVideosPlay(detail.locator('video'), 1);
    await detail.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this render?' });
    await expect(confirm).toContainText('moved to the trash. You can undo right after');
    await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await snap(page, '12-delete-confirm');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await expect(confirm).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
  });

  await test.step('dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, '13-library-dark');
    await page.getByRole('button', { name: `Open render: ${BATCH_PROMPT}` }).click();
    await expectVideosPlay(
      page.getByRole('dialog', { name: 'Render details' }).locator('video[controls]'),
      1,
    );
    await snap(page, '14-detail-dark');
    await page.keyboard.press('Escape');
    await nav(page, 'Queue').click();
    await snap(page, '15-queue-dark');
    await nav(page, 'New render').click();
    await snap(page, '16-new-render-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('after a restart with WeShop unreachable the library still plays', async () => {
    await app.restart({ offline: true });
    page = await app.open();
    await expect(page.getByRole('heading', { name: 'New render' })).toBeVisible();
    await nav(page, 'Library').click();
    await expect(page.getByText('2 renders', { exact: true })).toBeVisible();
    await expect(libraryCards()).toHaveCount(2);
    const thumbnails = libraryCards().locator('.thumb img');
    await expect(thumbnails).toHaveCount(2);
    for (const thumbnail of await thumbnails.all()) {
      await expect(thumbnail).toBeVisible();
      expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(
        0,
      );
    }
    await snap(page, '17-library-offline');

    const expected = [
      [BATCH_PROMPT, 2],
      [FAILING_PROMPT, 1],
    ] as const;
    for (const [prompt, count] of expected) {
      await page.getByRole('button', { name: `Open render: ${prompt}` }).click();
      const detail = page.getByRole('dialog', { name: 'Render details' });
      // The one large player shows each video of the batch in turn (the switcher's tabs).
      for (let n = 1; n <= count; n++) {
        if (count > 1) await detail.getByRole('tab', { name: `Video ${n} of ${count}` }).click();
        await expectVideosPlay(detail.locator('video[controls]'), 1);
      }
      await page.keyboard.press('Escape');
      await expect(detail).toHaveCount(0);
    }
  });

  await test.step('deleting a render removes it from the library (after its Undo time)', async () => {
    const deleteIt = async () => {
      await page.getByRole('button', { name: `Open render: ${FAILING_PROMPT}` }).click();
      await page
        .getByRole('dialog', { name: 'Render details' })
        .getByRole('button', { name: 'Delete…' })
        .click();
      await page
        .getByRole('dialog', { name: 'Delete this render?' })
        .getByRole('button', { name: 'Delete render' })
        .click();
      await expect(libraryCards()).toHaveCount(1);
    };
    await deleteIt();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(libraryCards()).toHaveCount(2);
    await deleteIt();
    await expect(page.getByText(/^Render deleted: its folder goes to the trash/)).toBeVisible();
    await expect(page.getByText('1 render', { exact: true })).toBeVisible();
    await expect(libraryCards()).toHaveCount(1);
  });

  await test.step('the key went to the WeShop API only', async () => {
    const requests = app.emulator.requests;
    expect(requests.filter((r) => r.origin === 'cdn').length).toBeGreaterThan(0);
    for (const request of requests) {
      const headers = JSON.stringify(request.headers);
      if (request.origin === 'cdn') expect(headers).not.toContain(API_KEY);
      else expect(request.headers.authorization).toBe(API_KEY);
    }
  });
});
