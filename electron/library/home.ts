import { posix, win32 } from 'node:path';

const APP_NAME = 'Kling Studio';
const LINUX_DIR_NAME = 'kling-studio';

/**
 * Where the library lives. Pure (no fs, no process globals) so every platform's rule is
 * testable on any machine: KLING_STUDIO_HOME wins; otherwise the OS per-user app-data
 * folder, following each platform's own convention for the folder name.
 */
export function resolveLibraryHome(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  homedir: string,
): string {
  const override = env.KLING_STUDIO_HOME?.trim();
  if (override) return override;
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim() || win32.join(homedir, 'AppData', 'Roaming');
    return win32.join(appData, APP_NAME);
  }
  if (platform === 'darwin') {
    return posix.join(homedir, 'Library', 'Application Support', APP_NAME);
  }
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME?.trim();
  const dataHome = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(homedir, '.local', 'share');
  return posix.join(dataHome, LINUX_DIR_NAME);
}
