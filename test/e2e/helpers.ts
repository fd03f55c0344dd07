import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const SCREENS_DIR = join(import.meta.dirname, '..', '..', '.tmp', 'screens');

/** Saves what the user sees now as .tmp/screens/e2e-<name>.png (looked at by people). */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENS_DIR, `e2e-${name}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}

/** A button of the sidebar, e.g. nav(page, 'Queue'): the name also carries badge and shortcut. */
export function nav(
  page: Page,
  screen: 'New render' | 'Queue' | 'Library' | 'Settings' | 'Spent',
): Locator {
  return page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${screen}\\b`) });
}

export interface PlaybackState {
  readyState: number;
  videoWidth: number;
  error: string | null;
}

/**
 * Plays every <video> in `videos` (muted, so autoplay rules allow it) and checks each really
 * decodes: data for the current frame (readyState >= 2) and a picture (videoWidth > 0).
 */
export async function expectVideosPlay(videos: Locator, count: number): Promise<void> {
  await expect(videos).toHaveCount(count);
  for (let index = 0; index < count; index++) {
    const state = await videos.nth(index).evaluate(
      (element: HTMLVideoElement): Promise<PlaybackState> =>
        new Promise((resolve) => {
          const report = (error: string | null) =>
            resolve({ readyState: element.readyState, videoWidth: element.videoWidth, error });
          const timer = setTimeout(() => report('no loadeddata within 15 s'), 15_000);
          const settle = (error: string | null) => {
            clearTimeout(timer);
            report(error);
          };
          if (element.error) return settle(`media error ${element.error.code}`);
          element.addEventListener('error', () => settle(`media error ${element.error?.code}`), {
            once: true,
          });
          element.muted = true;
          const playing = element.play().then(
            () => null,
            (error: unknown) => String(error),
          );
          const loaded =
            element.readyState >= 2
              ? Promise.resolve()
              : new Promise<void>((done) =>
                  element.addEventListener('loadeddata', () => done(), { once: true }),
                );
          void Promise.all([loaded, playing]).then(([, playError]) => settle(playError));
        }),
    );
    expect(state, `video ${index + 1} of ${count}`).toEqual({
      readyState: expect.any(Number),
      videoWidth: expect.any(Number),
      error: null,
    });
    expect(state.readyState, `readyState of video ${index + 1}`).toBeGreaterThanOrEqual(2);
    expect(state.videoWidth, `videoWidth of video ${index + 1}`).toBeGreaterThan(0);
  }
}

/**
 * Starts collecting every distinct text that elements matching `selector` show, however
 * briefly (a MutationObserver in the page), and returns a reader for the texts seen so far.
 */
export async function recordTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((css) => {
    const seen = new Set<string>();
    const collect = () => {
      for (const element of document.querySelectorAll(css)) {
        const text = element.textContent?.trim();
        if (text) seen.add(text);
      }
    };
    new MutationObserver(collect).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    collect();
    (window as { __seenTexts?: Set<string> }).__seenTexts = seen;
  }, selector);
  return () =>
    page.evaluate(() => [...((window as { __seenTexts?: Set<string> }).__seenTexts ?? [])]);
}

const CONTROL_ROLES =
  'button|link|textbox|searchbox|combobox|listbox|checkbox|radio|switch|spinbutton|slider|tab|menuitem';

/**
 * Reads the accessibility tree Chromium builds (Playwright's aria snapshot) and returns the
 * controls in it, split into named ones and the lines of those with no accessible name.
 */
export async function auditControlNames(
  scope: Locator,
): Promise<{ named: string[]; unnamed: string[] }> {
  const snapshot = await scope.ariaSnapshot();
  const control = new RegExp(`^\\s*- (${CONTROL_ROLES})\\b(.*)$`);
  const named: string[] = [];
  const unnamed: string[] = [];
  for (const line of snapshot.split('\n')) {
    const match = control.exec(line);
    if (!match) continue;
    // A named control reads `- button "Save key"` (or a /regex/ name); nothing else is a name.
    if (/^ ["/]/.test(match[2] ?? '')) named.push(line.trim());
    else unnamed.push(line.trim());
  }
  return { named, unnamed };
}
