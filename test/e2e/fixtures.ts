import { type Browser, test as base, expect } from '@playwright/test';
import type { AppTarget, LaunchApp } from './target';
import { launchChromiumTarget } from './target';

export { expect } from '@playwright/test';

/** 'electron' runs the specs against a real Electron build; anything else uses Chromium. */
export const TARGET = process.env.KLING_E2E_TARGET === 'electron' ? 'electron' : 'chromium';

/**
 * `launchApp(emulatorOptions)` starts the emulator and the app; everything it started is
 * closed when the test ends, pass or fail.
 */
export const test = base.extend<{ launchApp: LaunchApp }>({
  // Chromium is launched here, not through the `browser` fixture, so an Electron run does
  // not need a Chromium install as well.
  launchApp: async ({ playwright, launchOptions, viewport }, use) => {
    const started: AppTarget[] = [];
    // Assigned inside the callback below, so TypeScript must not narrow it to null here.
    let browser = null as Browser | null;
    await use(async (options = {}) => {
      let target: AppTarget;
      if (TARGET === 'electron') {
        // Imported only here, so the default run never loads anything Electron-specific.
        const { launchElectronTarget } = await import('./electron-target');
        target = await launchElectronTarget(options);
      } else {
        browser ??= await playwright.chromium.launch(launchOptions);
        target = await launchChromiumTarget(browser, options, { viewport });
      }
      started.push(target);
      return target;
    });
    // The app runs under its shipped strict CSP: anything it blocked is a bug in the app.
    const violations: string[] = [];
    for (const target of started) violations.push(...((await target.takeCspViolations?.()) ?? []));
    for (const target of started) await target.close();
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
    await browser?.close();
  },
});
