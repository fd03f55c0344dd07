import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { snap } from './helpers';

const API_KEY = 'e2e-focus-key-71d2c4e8';
const TIMINGS = { pendingMs: 200, segmentingMs: 200, runningMs: 400 };

/** What has keyboard focus now: never <body> (or an element no longer in the page). */
async function expectFocusKept(page: Page, after: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const active = document.activeElement;
          if (!active || active === document.body || !active.isConnected) return 'body';
          return 'kept';
        }),
      { message: `focus after ${after}` },
    )
    .toBe('kept');
  // Stable, not only eventually: a late re-render must not drop it either.
  const described = await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active && active !== document.body
      ? `${active.tagName} ${active.getAttribute('aria-label') ?? active.textContent?.trim().slice(0, 40)}`
      : 'body';
  });
  expect(described, `focus after ${after}`).not.toBe('body');
}

/** Nothing painted over the focused element (WCAG 2.4.11): no toast, no bar, no overlay. */
async function expectFocusUncovered(page: Page, after: string): Promise<void> {
  const covered = await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return ['no focus'];
    const rect = active.getBoundingClientRect();
    const points = [
      [rect.left + 2, rect.top + 2],
      [rect.right - 2, rect.top + 2],
      [rect.left + 2, rect.bottom - 2],
      [rect.right - 2, rect.bottom - 2],
      [rect.left + rect.width / 2, rect.top + rect.height / 2],
    ];
    const hits: string[] = [];
    for (const [x, y] of points) {
      const top = document.elementFromPoint(x as number, y as number);
      if (top && top !== active && !active.contains(top))
        hits.push(
          `${top.tagName}.${top.className} at ${Math.round(x as number)},${Math.round(y as number)}`,
        );
    }
    return hits;
  });
  expect(covered, `what covers the focused element after ${after}`).toEqual([]);
}

test('focus never falls to the page, shortcuts wait behind a modal, toasts never cover focus', async ({
  launchApp,
}) => {
  test.setTimeout(90_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  await page.setViewportSize({ width: 880, height: 600 });
  await expect(page.getByRole('heading', { name: 'Welcome to Kling Studio' })).toBeVisible();

  // Every screen switch by shortcut lands focus on the new screen.
  for (const key of ['2', '3', '4', '1']) {
    await page.keyboard.press(`Control+${key}`);
    await expectFocusKept(page, `Control+${key}`);
  }

  await page.keyboard.press('Control+4');
  const keyBox = page.getByLabel('Paste your key');
  await keyBox.focus();
  await page.keyboard.type(API_KEY);
  const saveKey = page.getByRole('button', { name: 'Save key' });
  await saveKey.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await expectFocusKept(page, 'Save key');
  await page.getByRole('button', { name: 'Test key' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/key works|valid|credits/i).first()).toBeVisible();
  await expectFocusKept(page, 'Test key');

  await page.keyboard.press('Control+1');
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: /^Choose image/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('img', { name: 'Preview of input.jpg' })).toBeVisible();
  await expectFocusKept(page, 'Choose image…');

  const prompts = ['Slow push in on a lighthouse', 'Leaves drift across a path'];
  for (const prompt of prompts) {
    await page.getByLabel('Motion prompt').fill(prompt);
    await page.getByRole('button', { name: /^Queue render/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Queued 1 video', { exact: true }).first()).toBeVisible();
    await expectFocusKept(page, 'Queue render');
    await expectFocusUncovered(page, 'Queue render at 880×600');
  }
  await snap(page, '30-queued-toast-880');

  // Shortcuts are inert while a modal dialog is open; Open from the Queue and back.
  await page.keyboard.press('Control+2');
  const job = page.getByRole('listitem', { name: prompts[0] });
  const open = job.getByRole('button', { name: /^Open/ });
  await expect(open).toBeVisible({ timeout: 25_000 });
  await expect(
    page.getByRole('listitem', { name: prompts[1] }).getByRole('button', { name: /^Open/ }),
  ).toBeVisible({ timeout: 25_000 });
  await open.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog').first();
  await expect(detail).toBeVisible();
  const screenHeading = page.getByRole('main').getByRole('heading', { level: 1 });
  const headingBefore = await screenHeading.textContent();
  for (const key of ['Control+1', 'Control+2', 'Control+4', 'Control+o', 'Control+f']) {
    await page.keyboard.press(key);
    await expect(detail, `the dialog after ${key}`).toBeVisible();
    await expect(screenHeading).toHaveText(headingBefore ?? '');
    expect(await detail.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expectFocusKept(page, 'closing a detail opened from the Queue');

  // Library: Clear selection, then delete a render from its detail view.
  await page.keyboard.press('Control+3');
  await expect(page.getByText('2 renders', { exact: true })).toBeVisible();
  await page.getByLabel(`Select for compare: ${prompts[0]}`).check();
  await page.getByRole('button', { name: 'Clear selection' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Clear selection' })).toHaveCount(0);
  await expectFocusKept(page, 'Clear selection');

  await page.getByRole('button', { name: `Open render: ${prompts[0]}` }).focus();
  await page.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await detail.getByRole('button', { name: 'Delete…' }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Delete this render?' });
  await confirm.getByRole('button', { name: /^Delete/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('1 render', { exact: true })).toBeVisible();
  await expectFocusKept(page, 'confirming a delete');
  // The card that took the deleted one's place.
  await expect(page.getByRole('button', { name: `Open render: ${prompts[1]}` })).toBeFocused();
  await expectFocusUncovered(page, 'the delete toast at 880×600');
  await snap(page, '31-after-delete-880');
});

/** Elements that scroll sideways (WCAG 1.4.10: none at 320 CSS px, i.e. 640 px at 200%). */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scrollers = [
      document.scrollingElement,
      ...document.querySelectorAll('main, .dialog, .dialog-body, .grid-scroll'),
    ];
    return scrollers
      .filter((element): element is Element => !!element)
      .filter((element) => element.scrollWidth - element.clientWidth > 1)
      .map(
        (element) =>
          `${element.tagName}.${element.className}: ${element.scrollWidth} > ${element.clientWidth}`,
      );
  });
}

test('reflow: at 640 px wide (200% zoom) nothing scrolls sideways and the sidebar collapses', async ({
  launchApp,
}) => {
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  await page.setViewportSize({ width: 640, height: 720 });
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  await expect(sidebar.getByRole('button', { name: /^Queue/ })).toBeVisible();
  expect((await sidebar.boundingBox())?.width).toBeLessThan(100);

  await page.keyboard.press('Control+4');
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  expect(await horizontalOverflow(page), 'Settings').toEqual([]);

  await page.keyboard.press('Control+1');
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await page.getByLabel('Motion prompt').fill('Reflow check');
  expect(await horizontalOverflow(page), 'New render').toEqual([]);
  await snap(page, '32-new-render-640');
  await page.getByRole('button', { name: /^Queue render/ }).click();

  await page.keyboard.press('Control+2');
  await expect(
    page.getByRole('listitem', { name: 'Reflow check' }).getByRole('button', { name: /^Open/ }),
  ).toBeVisible({ timeout: 25_000 });
  expect(await horizontalOverflow(page), 'Queue').toEqual([]);
  await snap(page, '33-queue-640');

  await page.keyboard.press('Control+3');
  await expect(page.getByText('1 render', { exact: true })).toBeVisible();
  expect(await horizontalOverflow(page), 'Library').toEqual([]);
  await snap(page, '34-library-640');
  await page.getByRole('button', { name: 'Open render: Reflow check' }).click();
  await expect(page.getByRole('dialog').locator('video')).toHaveCount(1);
  expect(await horizontalOverflow(page), 'Render details').toEqual([]);
  await snap(page, '35-detail-640');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+5');
  await expect(page.getByText('20 credits on 1 render')).toBeVisible();
  expect(await horizontalOverflow(page), 'Spent').toEqual([]);
  await snap(page, '36-spent-640');
});
