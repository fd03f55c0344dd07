import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { readRecipe } from '../../electron/media/mp4-recipe';
import { FIXTURES } from '../emulator/fixtures';
import { videoFacts } from '../same-video';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';
import type { AppTarget } from './target';

const API_KEY = 'e2e-plays-key-41c0de77';
const TIMINGS = { pendingMs: 150, segmentingMs: 150, runningMs: 300 };
const PROMPTS = ['A paper boat drifts down the gutter', 'Leaves swirl around the lamp post'];
const FAILING_PROMPT = 'The statue slowly raises its arm';

/** The key saved, two renders done and one failed: the library this spec plays with. */
async function libraryOfThree(app: AppTarget, page: Page) {
  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');

  await nav(page, 'New render').click();
  await app.answerImagePick(FIXTURES.pngImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await expect(page.getByRole('img', { name: 'Preview of input.png' })).toBeVisible();
  for (const prompt of PROMPTS) {
    await page.getByLabel('Motion prompt').fill(prompt);
    await page.getByRole('button', { name: /^Queue render/ }).click();
    await expect(page.getByText('Queued 1 video', { exact: true }).last()).toBeVisible();
  }
  await nav(page, 'Queue').click();
  for (const prompt of PROMPTS) {
    await expect(
      page.getByRole('listitem', { name: prompt }).getByText('Done', { exact: true }),
    ).toBeVisible({ timeout: 25_000 });
  }
  // Only now: the fault fails the next run that starts, which must be this one.
  app.emulator.inject({ fault: { kind: 'run-fails', reason: 'Face not detected' } });
  await nav(page, 'New render').click();
  await page.getByLabel('Motion prompt').fill(FAILING_PROMPT);
  await page.getByRole('button', { name: /^Queue render/ }).click();
  await nav(page, 'Queue').click();
  await expect(
    page.getByRole('listitem', { name: FAILING_PROMPT }).getByText('Failed', { exact: true }),
  ).toBeVisible({ timeout: 25_000 });
  await nav(page, 'Library').click();
  await expect(page.getByText('3 renders', { exact: true })).toBeVisible();
}

const card = (page: Page, prompt: string) =>
  page
    .locator('.card')
    .filter({ has: page.getByRole('button', { name: `Open render: ${prompt}` }) });

/** Resolves once the element's video is really playing (time moving, not paused). */
async function expectPlaying(video: Locator) {
  await expect(video).toHaveCount(1);
  const start = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
  await expect
    .poll(() =>
      video.evaluate((element: HTMLVideoElement) => ({
        paused: element.paused,
        muted: element.muted,
        moved: element.currentTime !== 0 && element.readyState >= 2,
      })),
    )
    .toEqual({ paused: false, muted: true, moved: true });
  expect(start).toBeGreaterThanOrEqual(0);
}

test('a library that plays: hover previews one at a time, frame step, compare in sync, save and export', async ({
  launchApp,
}) => {
  test.setTimeout(150_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  const out = await mkdtemp(join(tmpdir(), 'kling-e2e-export-'));
  try {
    await libraryOfThree(app, page);

    await test.step('cards: how many videos and how long; a failed one shows its source image', async () => {
      await expect(card(page, PROMPTS[0] as string).locator('.thumb-summary')).toHaveText(
        '1 video · 5 seconds',
      );
      const failedImage = card(page, FAILING_PROMPT).locator('.thumb img');
      await expect(failedImage).toHaveAttribute('src', /\/media\/[a-z0-9-]+\/source\.png$/);
      await expect
        .poll(() => failedImage.evaluate((image: HTMLImageElement) => image.naturalWidth))
        .toBeGreaterThan(0);
      await expect(card(page, FAILING_PROMPT)).toContainText('First frame');
      await expect(card(page, PROMPTS[0] as string).locator('.thumb img')).toHaveCount(1);
    });

    await test.step('hover plays one card at a time, muted; leaving stops it', async () => {
      const previews = page.getByTestId('card-preview');
      const first = card(page, PROMPTS[0] as string);
      const second = card(page, PROMPTS[1] as string);
      await first.hover();
      await expectPlaying(first.getByTestId('card-preview'));
      await snap(page, 'plays-01-card-preview');
      await second.hover();
      await expectPlaying(second.getByTestId('card-preview'));
      await expect(previews).toHaveCount(1);
      await expect(first.getByTestId('card-preview')).toHaveCount(0);
      // A failed render has nothing to play.
      await card(page, FAILING_PROMPT).hover();
      await expect(previews).toHaveCount(0);
      // Keyboard focus plays too; the pointer leaves the grid first.
      await page.getByRole('heading', { name: 'Library', level: 1 }).hover();
      await first.getByRole('button', { name: /^Open render/ }).focus();
      await expectPlaying(first.getByTestId('card-preview'));
      // Tab moves on to the card's checkbox: the open button lost focus, the preview stops.
      await page.keyboard.press('Tab');
      await expect(first.getByRole('button', { name: /^Open render/ })).not.toBeFocused();
      await expect(previews).toHaveCount(0);
    });

    await test.step('detail: frame step with , and ., speed and loop', async () => {
      await page.getByRole('button', { name: `Open render: ${PROMPTS[0]}` }).click();
      const detail = page.getByRole('dialog', { name: /^Render details/ });
      const video = detail.locator('video');
      await expect
        .poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState))
        .toBeGreaterThanOrEqual(1);
      await video.evaluate((element: HTMLVideoElement) => {
        element.muted = true;
        return element.play();
      });
      // The emulator's clips are 24 fps: the core read it from the MP4, so a step is 1/24 s.
      const FPS = 24;
      await expect(detail.getByText(/^Frame \d+ of 24 · 24 fps$/)).toBeVisible();
      await detail.getByRole('button', { name: /^Forward 1 frame/ }).focus();
      await page.keyboard.press('.');
      const afterStep = await video.evaluate((element: HTMLVideoElement) => ({
        paused: element.paused,
        time: element.currentTime,
      }));
      expect(afterStep.paused).toBe(true);
      await page.keyboard.press('.');
      await expect
        .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime))
        .toBeCloseTo(afterStep.time + 1 / FPS, 3);
      await page.keyboard.press(',');
      await page.keyboard.press(',');
      await expect
        .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime))
        .toBeCloseTo(afterStep.time - 1 / FPS, 3);
      // From the player itself (its native controls focused) too.
      await video.focus();
      await page.keyboard.press('.');
      await expect
        .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime))
        .toBeCloseTo(afterStep.time, 3);
      await detail.getByLabel('Speed').selectOption('0.5');
      await detail.getByLabel('Loop').check();
      expect(
        await video.evaluate((element: HTMLVideoElement) => [element.playbackRate, element.loop]),
      ).toEqual([0.5, true]);
      await snap(page, 'plays-02-detail-controls');
    });

    await test.step('Save video as… and Export render write the files', async () => {
      const detail = page.getByRole('dialog', { name: /^Render details/ });
      const id = await card(page, PROMPTS[0] as string).getAttribute('data-render-id');
      // The library's bytes, as the page gets them through the media URL.
      const libraryVideo = Buffer.from(
        await detail
          .locator('video')
          .evaluate(async (element: HTMLVideoElement) => [
            ...new Uint8Array(await (await fetch(element.currentSrc)).arrayBuffer()),
          ]),
      );
      expect(libraryVideo.length).toBeGreaterThan(1000);

      const savedPath = join(out, 'boat.mp4');
      await app.answerVideoSave(savedPath);
      await detail.getByRole('button', { name: 'Save video as…' }).click();
      await expect(page.getByText(`Video saved: ${savedPath}`)).toBeVisible();
      // The same video with the render's settings in its metadata (no re-encode): the media
      // data and every packet unchanged, the recipe read back by the app's own reader.
      const libraryPath = join(out, 'library.mp4');
      await writeFile(libraryPath, libraryVideo);
      const library = await videoFacts(libraryPath);
      expect(library.media.length).toBeGreaterThan(1000);
      const expectSameVideoWithRecipe = async (path: string) => {
        expect((await readFile(path)).equals(libraryVideo)).toBe(false);
        expect(await videoFacts(path)).toEqual(library);
        expect(await readRecipe(path)).toMatchObject({ renderId: id, prompt: PROMPTS[0] });
      };
      await expectSameVideoWithRecipe(savedPath);

      await app.answerExportFolder(out);
      await detail.getByRole('button', { name: 'Export render…' }).click();
      const folder = join(out, `kling-${id}`);
      await expect(page.getByText(`Exported 3 files to ${folder}`)).toBeVisible();
      expect((await readdir(folder)).sort()).toEqual([
        'settings.json',
        'source.png',
        'video-1.mp4',
      ]);
      await expectSameVideoWithRecipe(join(folder, 'video-1.mp4'));
      const settings = JSON.parse(await readFile(join(folder, 'settings.json'), 'utf8'));
      expect(settings).toMatchObject({ renderId: id, prompt: PROMPTS[0], videos: ['video-1.mp4'] });
      expect((await stat(join(folder, 'source.png'))).size).toBeGreaterThan(0);
      // The key is nowhere in what left the library.
      expect(JSON.stringify(settings)).not.toContain(API_KEY);
      await snap(page, 'plays-03-exported');
      await page.keyboard.press('Escape');
      await expect(detail).toHaveCount(0);
    });

    await test.step('compare: both videos play, pause and seek together; differences marked', async () => {
      for (const prompt of PROMPTS) await page.getByLabel(`Select for compare: ${prompt}`).check();
      await page.getByRole('button', { name: 'Compare side by side' }).click();
      const compare = page.getByRole('dialog', { name: 'Compare renders' });
      const videos = compare.locator('video');
      await expect(videos).toHaveCount(2);
      await expect(compare.getByRole('row', { name: /^Prompt Differs/ })).toBeVisible();
      await expect(compare.getByRole('row', { name: /^Model / })).not.toHaveClass(/differs/);

      const times = () =>
        videos.evaluateAll((elements) =>
          (elements as HTMLVideoElement[]).map((element) => ({
            time: element.currentTime,
            paused: element.paused,
          })),
        );
      const controls = compare.getByRole('group', { name: 'Playback of the compared renders' });
      // Looping, so the clips (1 s) keep playing however late the check looks at them.
      await controls.getByLabel('Loop').check();
      await controls.getByRole('button', { name: 'Play' }).click();
      // Both play; in a frame well inside the clip (not at a loop's wrap) they are within
      // 0.15 s of each other. Sampled in the page, both in the same frame.
      const playing = await videos.first().evaluate(
        (leader: HTMLVideoElement) =>
          new Promise<{ a: number; b: number; paused: boolean[] } | string>((resolve) => {
            const all = [...document.querySelectorAll<HTMLVideoElement>('.synced-video video')];
            const deadline = performance.now() + 15_000;
            const check = () => {
              const time = leader.currentTime;
              if (all.every((video) => !video.paused) && time > 0.25 && time < 0.85) {
                resolve({
                  a: time,
                  b: all[1]?.currentTime ?? -1,
                  paused: all.map((v) => v.paused),
                });
              } else if (performance.now() > deadline) {
                resolve(
                  `not both playing mid-clip: ${all.map((v) => `${v.currentTime}/${v.paused}`)}`,
                );
              } else requestAnimationFrame(check);
            };
            check();
          }),
      );
      if (typeof playing === 'string') throw new Error(playing);
      expect(playing.paused).toEqual([false, false]);
      expect(Math.abs(playing.a - playing.b)).toBeLessThan(0.15);

      await controls.getByRole('button', { name: 'Pause' }).click();
      await expect.poll(async () => (await times()).every((video) => video.paused)).toBe(true);
      const [pausedA, pausedB] = await times();
      expect(Math.abs((pausedA?.time ?? 0) - (pausedB?.time ?? 9))).toBeLessThan(0.05);

      await controls.getByLabel('Position').fill('0.5');
      await expect
        .poll(async () => (await times()).map((video) => Math.round(video.time * 100) / 100))
        .toEqual([0.5, 0.5]);
      await page.keyboard.press('.');
      await expect
        .poll(async () => (await times()).map((video) => Math.round(video.time * 1000)))
        .toEqual([533, 533]);
      await snap(page, 'plays-04-compare');
      await page.keyboard.press('Escape');
      await expect(compare).toHaveCount(0);
    });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
