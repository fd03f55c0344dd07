import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { nav, snap } from './helpers';

const API_KEY = 'e2e-layouts-key-5c81a2e4';
const TIMINGS = { pendingMs: 100, segmentingMs: 100, runningMs: 200 };
const PROMPT = 'A paper lantern rises over the lake';

/**
 * The app's minimum window, and 200% zoom of 1280×800 as test/screens.ts takes it: the page
 * lays out in half the CSS pixels (deviceScaleFactor only sharpens the pixels, it is no zoom).
 */
const SIZES = [
  { name: '880x600', width: 880, height: 600 },
  { name: '1280x800-zoom200', width: 640, height: 400 },
] as const;

interface Check {
  /** The button that must be on screen (scrolled to the top) without scrolling, if any. */
  primary?: RegExp;
}

/**
 * In the page: what scrolls sideways; which control (in the open dialog, else the screen) has
 * another element painted over its centre once scrolled into view; whether the primary action
 * is on screen and uncovered with the screen scrolled to its top.
 */
function layoutProblems(primarySource: string | null): string[] {
  const problems: string[] = [];
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ')[0]} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
  const dialogs = [...document.querySelectorAll('[role="dialog"], dialog[open]')];
  const scope = dialogs.at(-1) ?? document.querySelector('main');
  const scrollers = [
    document.scrollingElement,
    document.querySelector('main'),
    ...document.querySelectorAll('.dialog, .dialog-body'),
  ];
  for (const el of scrollers) {
    if (el && el.scrollWidth - el.clientWidth > 1) {
      problems.push(`scrolls sideways: ${name(el)} ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  if (!scope) return [...problems, 'no main landmark'];
  const nav = document.querySelector('nav');
  const main = document.querySelector('main');
  if (nav && main) {
    const a = nav.getBoundingClientRect();
    const b = main.getBoundingClientRect();
    if (a.right > b.left + 1 && a.left < b.right - 1) problems.push('the sidebar overlaps main');
  }
  const visible = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const controls = [
    ...scope.querySelectorAll<HTMLElement>(
      'h1, h2, button, input:not([type="file"]), select, textarea, a[href], video',
    ),
  ].filter((el) => visible(el) && !el.closest('.toasts'));
  for (const el of controls) {
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (!hit || hit === el || el.contains(hit) || hit.contains(el)) continue;
    // A message is transient (one at a time, 6 s, dismissible) and moves off a focused control
    // (focus.spec.ts); what it covers otherwise is not a layout fault.
    if (hit.closest('.toasts')) continue;
    // A control inside its label (checkbox, radio card) is hit through the label.
    if (hit.closest('label')?.contains(el)) continue;
    problems.push(`${name(el)} is covered by ${name(hit)}`);
  }
  for (const el of [main, ...document.querySelectorAll('.dialog-body')]) el?.scrollTo(0, 0);
  if (primarySource) {
    const primary = new RegExp(primarySource);
    const button = [...scope.querySelectorAll<HTMLElement>('button')].find(
      (el) => visible(el) && primary.test((el.textContent ?? '').trim()),
    );
    if (!button) return [...problems, `no primary action ${primarySource}`];
    const r = button.getBoundingClientRect();
    const inView = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!inView || !hit || !button.contains(hit)) {
      problems.push(`primary action ${primarySource} not in view at the top of the screen`);
    }
  }
  return problems;
}

async function expectLayout(page: Page, state: string, check: Check = {}): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const problems = await page.evaluate(layoutProblems, check.primary?.source ?? null);
    expect.soft(problems, `${state} at ${size.name}`).toEqual([]);
    await snap(page, `layouts-${state.replaceAll(' ', '-')}-${size.name}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('every screen at 880×600 and at 200% zoom, in English and Chinese: nothing scrolls sideways or covers a control, the primary action in view', async ({
  launchApp,
}) => {
  test.setTimeout(180_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();
  await nav(page, 'Settings').click();
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await expectLayout(page, 'settings');

  await nav(page, 'New render').click();
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await page.getByLabel('Motion prompt').fill(PROMPT);
  await expect(page.getByText(/^Estimated cost/)).toBeVisible();
  await expectLayout(page, 'new render kling', { primary: /^Queue render/ });
  for (const agent of ['Kling 3.0 Omni', 'Kling O1', 'Motion Control']) {
    await page.getByRole('radio', { name: agent, exact: true }).check();
    await expectLayout(page, `new render ${agent}`, { primary: /^Queue render/ });
  }
  await page.getByRole('radio', { name: 'Kling', exact: true }).check();
  await page.getByLabel('Prompts, one a line').fill('wave\nbow');
  await expectLayout(page, 'variations', { primary: /^Queue render/ });

  await page.getByRole('button', { name: /^Queue render/ }).click();
  await expect(page.getByText('Queued 1 video', { exact: true }).last()).toBeVisible();
  await nav(page, 'Queue').click();
  await expect(
    page.getByRole('listitem', { name: PROMPT }).getByText('Done', { exact: true }),
  ).toBeVisible({ timeout: 25_000 });
  await expectLayout(page, 'queue');

  await nav(page, 'Library').click();
  await expect(page.getByRole('button', { name: `Open render: ${PROMPT}` })).toBeVisible();
  await expectLayout(page, 'library');
  await page.getByRole('button', { name: `Open render: ${PROMPT}` }).click();
  const detail = page.getByRole('dialog', { name: /^Render details/ });
  await expect(detail.locator('video').first()).toBeVisible();
  await expectLayout(page, 'detail');
  await detail.getByRole('button', { name: 'Continue from last frame…' }).click();
  const continueDialog = page.getByRole('dialog', { name: 'Continue from the last frame' });
  await continueDialog.getByLabel('What happens next').fill('then the lantern drifts away');
  await expectLayout(page, 'continue', { primary: /^Continue$/ });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await nav(page, 'Spent').click();
  await expect(page.getByText(/credits on 1 render/)).toBeVisible();
  await expectLayout(page, 'spent');

  await page.keyboard.press('Control+6');
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: 'Add keyframe…' }).click();
  await app.answerImagePick(FIXTURES.pngImage);
  await page.getByRole('button', { name: 'Add keyframe…' }).click();
  await expect(page.getByRole('listitem', { name: /^Keyframe 2:/ })).toBeVisible();
  await expectLayout(page, 'storyboard', { primary: /^Queue storyboard/ });

  // The same screens in Chinese: other lengths (agent cards, buttons, hints, dialog text).
  // By shortcut and by role: the words checked are the Chinese ones the screens now say.
  await page.keyboard.press('Control+4');
  await page.getByLabel('Interface language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectLayout(page, 'zh settings');
  await page.keyboard.press('Control+1');
  await expectLayout(page, 'zh new render kling', { primary: /^加入队列/ });
  for (const agent of ['Kling 3.0 Omni', 'Kling O1', 'Motion Control']) {
    await page.getByRole('radio', { name: agent, exact: true }).check();
    await expectLayout(page, `zh new render ${agent}`, { primary: /^加入队列/ });
  }
  await page.getByRole('radio', { name: 'Kling', exact: true }).check();
  await page.getByLabel('提示词，每行一个').fill('挥手\n鞠躬');
  await expectLayout(page, 'zh variations', { primary: /^加入队列/ });
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1, name: '队列' })).toBeVisible();
  await expectLayout(page, 'zh queue');
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('button', { name: `打开渲染：${PROMPT}` })).toBeVisible();
  await expectLayout(page, 'zh library');
  await page.getByRole('button', { name: `打开渲染：${PROMPT}` }).click();
  const zhDetail = page.getByRole('dialog', { name: /^渲染详情/ });
  await expect(zhDetail.locator('video').first()).toBeVisible();
  await expectLayout(page, 'zh detail');
  await zhDetail.getByRole('button', { name: '从最后一帧继续…' }).click();
  const zhContinue = page.getByRole('dialog', { name: '从最后一帧继续' });
  await zhContinue.getByLabel('接下来发生什么').fill('然后灯笼飘远了');
  await expectLayout(page, 'zh continue', { primary: /^继续$/ });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { level: 1, name: '花费' })).toBeVisible();
  await expectLayout(page, 'zh spent');
  await page.keyboard.press('Control+6');
  await expect(page.getByRole('heading', { level: 1, name: '故事板' })).toBeVisible();
  await expectLayout(page, 'zh storyboard', { primary: /^将故事板加入队列/ });
});
