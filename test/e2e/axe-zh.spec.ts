import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FIXTURES } from '../emulator/fixtures';
import { expect, test } from './fixtures';
import { snap } from './helpers';

const API_KEY = 'e2e-axe-zh-key-7d20c4e1';
const TIMINGS = { pendingMs: 200, segmentingMs: 200, runningMs: 400 };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe on the whole page in light and dark, as axe.spec.ts runs it, listed readably. */
async function expectNoViolations(page: Page, state: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const readable = violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes
          .slice(0, 5)
          .map((node) => `    ${node.target.join(' ')} ${node.failureSummary ?? ''}`)
          .join('\n'),
    );
    expect.soft(readable, `axe violations on ${state} (zh-CN), ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

// The screens by shortcut (Ctrl+1…6), never by their names: a screen whose words are still
// English, or changed, is visited and checked all the same.
const SCREENS = ['new', 'queue', 'library', 'settings', 'spent', 'storyboard'] as const;

test('axe in Chinese: every screen after switching Settings → Language to 简体中文', async ({
  launchApp,
}) => {
  // 14 axe runs (7 states, light and dark) on a shared machine.
  test.setTimeout(360_000);
  const app = await launchApp({ apiKey: API_KEY, timings: TIMINGS });
  const page = await app.open();

  // The key, then one render (in English, the default here): Queue, Library and Spent have rows.
  // Shortcuts only once the app listens: its first screen is up.
  await expect(page.locator('main h1').first()).toBeVisible();
  await page.keyboard.press('Control+4');
  await page.getByLabel('Paste your key').fill(API_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('Set, ends in');
  await page.keyboard.press('Control+1');
  await app.answerImagePick(FIXTURES.jpegImage);
  await page.getByRole('button', { name: /^Choose image/ }).click();
  await expect(page.getByRole('img', { name: 'Preview of input.jpg' })).toBeVisible();
  await page.getByLabel('Motion prompt').fill('A slow dolly forward through fog');
  await page.getByRole('button', { name: /^Queue render/ }).click();
  await page.keyboard.press('Control+2');
  await expect(page.getByText('Done', { exact: true }).first()).toBeVisible({ timeout: 25_000 });

  // The switch, as a user makes it: no restart, the page and its lang follow at once.
  await page.keyboard.press('Control+4');
  await page.getByLabel('Interface language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();

  for (const [index, screen] of SCREENS.entries()) {
    await page.keyboard.press(`Control+${index + 1}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    // The sidebar names the current screen in Chinese (aria-current follows the shortcut).
    await expect(page.locator('.nav-item[aria-current="page"] .nav-label')).not.toHaveText(
      /^[A-Za-z ]+$/,
    );
    await expectNoViolations(page, screen);
    await snap(page, `axe-zh-${screen}`);
  }

  // A dialog of the shared components: Settings → Remove key…, in Chinese.
  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: '移除密钥…' }).click();
  const remove = page.getByRole('dialog', { name: '要移除 API 密钥吗？' });
  await expect(remove).toBeVisible();
  await expectNoViolations(page, 'Remove key dialog');
  await page.keyboard.press('Escape');
  await expect(remove).toHaveCount(0);
});
