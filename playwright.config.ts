import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './test/chromium';

// Debian's Chromium (no browser download here). KLING_E2E_TARGET=electron runs the same
// specs against a real Electron build on a machine that has the binary.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: '.tmp/test-results',
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 820 },
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});
