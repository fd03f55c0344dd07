import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { findFfmpeg } from '../../electron/continue/last-frame';
import { decodeRgb, meanDifference } from '../../electron/testing/raw-frames';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-creative-key-5e7b0c11';
const TIMINGS = { pendingMs: 150, segmentingMs: 150, runningMs: 300 };

async function saveKey(page: Page) {
  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
}

const card = (page: Page, prompt: string) =>
  page.getByRole('button', { name: `Open render: ${prompt}` });

test('the creative loop: a 2x2 set played in sync, continue one video, the chain plays and exports; presets', async ({
  launchApp,
}) => {
  test.setTimeout(180_000);
  // 480x360 clips: a last frame is a valid Kling image (>= 300 px a side).
  const app = await launchApp({
    apiKey: API_KEY,
    timings: TIMINGS,
    videoFixtures: [FIXTURES.largeVideo],
  });
  const page = await app.open();
  const out = await mkdtemp(join(tmpdir(), 'kling-e2e-sequence-'));
  try {
    await saveKey(page);
    await nav(page, 'New render').click();
    await app.answerImagePick(FIXTURES.pngImage);
    await page.getByRole('button', { name: /^Choose image/ }).click();
    await expect(page.getByRole('img', { name: 'Preview of input.png' })).toBeVisible();

    await test.step('presets: save the form as one, fill its variable, use it', async () => {
      await page.getByLabel('Motion prompt').fill('a slow wave from {subject}');
      await page.getByLabel('Save the form as a preset').fill('Wave preset');
      await page.getByRole('button', { name: 'Save preset' }).click();
      await expect(page.getByLabel('Preset', { exact: true })).toHaveValue('Wave preset');
      await page.getByLabel('{subject}').fill('the girl');
      await page.getByRole('button', { name: 'Use preset' }).click();
      await expect(page.getByLabel('Motion prompt')).toHaveValue('a slow wave from the girl');
      await snap(page, 'creative-01-presets');
    });

    await test.step('variations: 2 prompts x 2 models, total shown first, queued as one set', async () => {
      await page.getByLabel('Prompts, one a line').fill('wave hello\nbow deeply');
      await page.getByLabel('Kling 2.6').check();
      await expect(
        page.getByText(/^4 renders \(4 videos\), about \d+ credits in total$/),
      ).toBeVisible();
      await snap(page, 'creative-02-variations');
      await page.getByRole('button', { name: 'Queue set of 4' }).click();
      await expect(page.getByText(/^Queued a set of 4 renders/).last()).toBeVisible();
      await nav(page, 'Queue').click();
      await expect(page.getByText('Done', { exact: true })).toHaveCount(4, { timeout: 40_000 });
      const uploads = app.emulator.requests.filter(
        (r) => r.origin === 'api' && r.path.endsWith('/agent/assets/images'),
      );
      expect(uploads).toHaveLength(1);
      expect([...app.emulator.startsByIdempotencyKey().values()]).toEqual([1, 1, 1, 1]);
    });

    await test.step('the set view plays the four videos side by side, in sync', async () => {
      await nav(page, 'Library').click();
      await expect(page.getByText('In a set', { exact: true })).toHaveCount(4);
      await page.getByRole('button', { name: /^Set of 4/ }).click();
      const set = page.getByRole('dialog', { name: /^Set of 4: 2 prompts × 2 models/ });
      const videos = set.locator('video');
      await expect(videos).toHaveCount(4);
      const times = () =>
        videos.evaluateAll((elements) =>
          (elements as HTMLVideoElement[]).map((e) => ({ time: e.currentTime, paused: e.paused })),
        );
      const controls = set.getByRole('group', { name: 'Playback of the set' });
      await controls.getByRole('button', { name: 'Play' }).click();
      await expect
        .poll(async () => {
          const all = await times();
          return all.length === 4 && all.every((v) => !v.paused) && (all[0]?.time ?? 0) > 0.2;
        })
        .toBe(true);
      await controls.getByRole('button', { name: 'Pause' }).click();
      await expect.poll(async () => (await times()).every((v) => v.paused)).toBe(true);
      const paused = (await times()).map((v) => v.time);
      expect(Math.max(...paused) - Math.min(...paused)).toBeLessThan(0.05);
      await controls.getByLabel('Position').fill('0.5');
      await expect
        .poll(async () => (await times()).map((v) => Math.round(v.time * 100) / 100))
        .toEqual([0.5, 0.5, 0.5, 0.5]);
      await set.getByRole('button', { name: /^Keep variation 1:/ }).click();
      await expect(set.getByRole('button', { name: /^Keep variation 1:/ })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await snap(page, 'creative-03-set-view');
      await page.keyboard.press('Escape');
      await expect(set).toHaveCount(0);
    });

    await test.step('continue one video from its last frame', async () => {
      await card(page, 'wave hello').first().click();
      const detail = page.getByRole('dialog', { name: /^Render details: “wave hello”/ });
      await detail.getByRole('button', { name: 'Continue from last frame…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Continue from the last frame' });
      await dialog.getByLabel('What happens next').fill('then she jumps for joy');
      await snap(page, 'creative-04-continue');
      await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await page.keyboard.press('Escape');
      await nav(page, 'Queue').click();
      await expect(page.getByText('Done', { exact: true })).toHaveCount(5, { timeout: 40_000 });
    });

    await test.step('the uploaded frame is the video’s last frame (decoded apart by ffmpeg)', async () => {
      await nav(page, 'Library').click();
      await expect(page.getByText('Continued', { exact: true })).toHaveCount(1);
      await snap(page, 'creative-06-library');
      await card(page, 'then she jumps for joy').click();
      const detail = page.getByRole('dialog', { name: /^Render details: “then she jumps/ });
      const source = detail.getByRole('img', { name: /^First frame: / });
      const url = await source.getAttribute('src');
      const png = join(out, 'captured.png');
      await writeFile(png, await (await page.request.get(url as string)).body());
      const ffmpeg = await findFfmpeg(process.env);
      const captured = await decodeRgb(ffmpeg, png);
      const video = await decodeRgb(ffmpeg, FIXTURES.largeVideo);
      expect([captured.width, captured.height]).toEqual([480, 360]);
      const frame = captured.frames[0] as Buffer;
      const toLast = meanDifference(frame, video.frames.at(-1) as Buffer);
      // Chromium and ffmpeg convert YUV to RGB a little differently: a small tolerance.
      expect(toLast).toBeLessThan(4);
      expect(meanDifference(frame, video.frames[0] as Buffer)).toBeGreaterThan(toLast + 4);
    });

    await test.step('the sequence plays back-to-back and exports in order', async () => {
      const detail = page.getByRole('dialog', { name: /^Render details: “then she jumps/ });
      await detail.getByRole('button', { name: 'Sequence (2)' }).click();
      const sequence = page.getByRole('dialog', { name: 'Sequence of 2 renders' });
      const clips = sequence.getByRole('list', { name: 'Clips in play order' });
      await expect(clips.getByRole('button')).toHaveText([
        /^1\. wave hello/,
        /^2\. then she jumps/,
      ]);
      await sequence.getByRole('button', { name: 'Play from the start' }).click();
      // The first clip ends and the second starts by itself.
      await expect(clips.getByRole('button', { name: /^2\./ })).toHaveAttribute(
        'aria-current',
        'true',
        { timeout: 15_000 },
      );
      await expect
        .poll(() =>
          sequence
            .locator('video')
            .evaluate((e: HTMLVideoElement) => !e.paused && e.currentTime > 0),
        )
        .toBe(true);
      await snap(page, 'creative-05-sequence');
      await app.answerExportFolder(out);
      await sequence.getByRole('button', { name: 'Export clips in order…' }).click();
      await expect(page.getByText(/^Exported 2 clips in order to /).last()).toBeVisible();
      const folder = (await readdir(out)).find((name) => name.startsWith('kling-sequence-'));
      const files = await readdir(join(out, folder as string));
      expect(files.map((name) => name.slice(0, 3))).toEqual(['01-', '02-']);
    });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
