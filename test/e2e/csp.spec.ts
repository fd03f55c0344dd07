import { CSP_HEADER, CSP_META } from '../../electron/shell/csp';
import { expect, TARGET, test } from './fixtures';
import { nav } from './helpers';

// The built page carries the one strict policy, the server sends it as a header, and the
// violation listener the fixture checks after every spec really hears a blocked inline style.
test.skip(TARGET === 'electron', 'reads the loopback server the Chromium target uses');

test('the built renderer ships the strict CSP and the app runs under it', async ({ launchApp }) => {
  const app = await launchApp();
  const page = await app.open();
  await expect(nav(page, 'Library')).toBeVisible();
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toBe(CSP_META);
  const response = await page.request.get(page.url());
  expect(response.headers()['content-security-policy']).toBe(CSP_HEADER);

  for (const screen of ['Library', 'Settings', 'Queue', 'New render'] as const) {
    await nav(page, screen).click();
  }
  expect(await app.takeCspViolations?.()).toEqual([]);

  // An inline style attribute is what 'unsafe-inline' would allow: it must be refused.
  await page.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', '<div id="probe" style="color: red"></div>'),
  );
  await expect
    .poll(async () => (await app.takeCspViolations?.())?.join('\n') ?? '')
    .toContain('style-src-attr');
});
