import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-catalog-key-c47a1096';
const TIMINGS = { pendingMs: 300, segmentingMs: 300, runningMs: 600 };
const PICTURES = 20;

/** The real core through the page's bridge (what the app's own calls go through); throws its error. */
async function invoke<T>(page: Page, channel: string, request: unknown): Promise<T> {
  const result = await page.evaluate(
    ([c, r]) => {
      if (!window.kling) throw new Error('The bridge (window.kling) is not on the page');
      return window.kling.invoke(c as never, r as never);
    },
    [channel, request] as const,
  );
  const answer = result as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
  return answer.value;
}

interface SetPage {
  total: number;
  items: { state: string; setId?: string; request: { prompt: string } }[];
}
const doneIn = async (page: Page, setId: string) =>
  (await invoke<SetPage>(page, 'render:list', { setId, limit: 50 })).items.filter(
    (r) => r.state === 'done',
  ).length;

/**
 * Drops a folder on the window as the desktop app gets it: a File whose path (Electron's
 * webUtils.getPathForFile, the harness's map here) is the folder's; main lists it.
 */
async function dropFolder(page: Page, name: string, path: string) {
  await page.evaluate(
    ([fileName, folder]) => {
      window.__klingDroppedPaths = { ...window.__klingDroppedPaths, [fileName]: folder };
      const data = new DataTransfer();
      data.items.add(new File([], fileName));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
    },
    [name, path] as const,
  );
}

test('a folder of 20 pictures is queued as one set, then paused and resumed as a set', async ({
  launchApp,
}) => {
  test.setTimeout(180_000);
  const folder = await mkdtemp(join(tmpdir(), 'kling-e2e-catalog-'));
  for (let i = 1; i <= PICTURES; i++) {
    await copyFile(FIXTURES.pngImage, join(folder, `product-${String(i).padStart(2, '0')}.png`));
  }
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const posts = (suffix: string) =>
    app.emulator.requests.filter(
      (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith(suffix),
    ).length;
  try {
    const page = await app.open();
    await nav(page, 'Settings').click();
    await page.getByLabel('Paste your key').fill(API_KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
    await invoke(page, 'settings:set', { concurrency: 4 });

    await test.step('drop the folder: 20 pictures listed, priced, one upload for one content', async () => {
      await dropFolder(page, 'catalog-20', folder);
      const panel = page.locator('.catalog-set');
      await expect(panel.getByText('product-20')).toBeAttached();
      await panel.getByLabel('Prompt template').fill('A slow turntable of {name}');
      await expect(
        panel.getByText(/20 renders, 1 to upload · About 400 credits in total/),
      ).toBeVisible();
      expect(posts('/agent/runs')).toBe(0);
      await snap(page, 'catalog-set-priced');
    });

    let setId = '';
    await test.step('Queue 20 renders: one set', async () => {
      await page.getByRole('button', { name: 'Queue 20 renders' }).click();
      // The toast says the set in words (no internal id); the set is found through the core.
      const toast = page
        .locator('.toast')
        .filter({ hasText: 'Queued a catalog set of 20 renders' });
      await expect(toast).toBeVisible();
      await expect(toast).not.toContainText('set-');
      const inSets = await invoke<SetPage>(page, 'render:list', { inSet: true, limit: 50 });
      const setIds = new Set(inSets.items.map((r) => r.setId));
      expect(setIds.size).toBe(1);
      setId = [...setIds][0] ?? '';
      // Its Open the set opens the set's side-by-side view.
      await toast.getByRole('button', { name: 'Open the set' }).click();
      const setView = page.getByRole('dialog', { name: /^Set of 20/ });
      await expect(setView).toBeVisible();
      await setView.getByRole('button', { name: 'Close' }).click();
      await expect(setView).toBeHidden();
      const listed = await invoke<SetPage>(page, 'render:list', { setId, limit: 50 });
      expect(listed.total).toBe(PICTURES);
      expect(listed.items.map((r) => r.request.prompt)).toContain('A slow turntable of product-07');
    });

    await test.step('pause the set: what started finishes, nothing more starts', async () => {
      await invoke(page, 'queue:control', { action: 'pause', setId });
      const startedAtPause = posts('/agent/runs');
      expect(startedAtPause).toBeLessThan(PICTURES);
      // The renders already running finish; the waiting ones stay queued.
      await expect
        .poll(() => doneIn(page, setId), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(posts('/agent/runs'));
      expect(posts('/agent/runs')).toBeLessThanOrEqual(startedAtPause + 4);
      expect(posts('/agent/runs')).toBeLessThan(PICTURES);
    });

    await test.step('resume the set: all 20 start and finish, one upload in all', async () => {
      await invoke(page, 'queue:control', { action: 'resume', setId });
      await expect.poll(() => doneIn(page, setId), { timeout: 120_000 }).toBe(PICTURES);
      expect(posts('/agent/runs')).toBe(PICTURES);
      expect(posts('/agent/assets/images')).toBe(1);
      await snap(page, 'catalog-set-done');
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
