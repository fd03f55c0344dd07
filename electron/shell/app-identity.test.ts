import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, applyAppIdentity, type IdentityApp } from './app-identity';

const root = join(import.meta.dirname, '..', '..');
const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
};

/**
 * A faithful fake of Electron on Windows: the AppUserModelID it uses is the one the app set,
 * else "electron.app.<product name>" (application_info_win.cc), and before a toast it rewrites
 * the Start-menu "<product name>.lnk" unless that shortcut already carries the id
 * (windows_toast_activator.cc, EnsureShortcut). The installer (NSIS) wrote the shortcut with
 * electron-builder's appId.
 */
function fakeWindows(productName: string) {
  let explicitId: string | null = null;
  const shortcut = { aumid: builder.appId, rewrites: 0 };
  const app: IdentityApp = {
    setAppUserModelId: (id) => {
      explicitId = id;
    },
  };
  const showNotification = () => {
    const aumid = explicitId ?? `electron.app.${productName}`;
    if (shortcut.aumid !== aumid) {
      shortcut.aumid = aumid;
      shortcut.rewrites++;
    }
    return aumid;
  };
  return { app, shortcut, showNotification };
}

describe('app identity', () => {
  it("is electron-builder's appId", () => {
    expect(APP_ID).toBe(builder.appId);
  });

  it("Windows: notifications use the installer shortcut's id and leave the shortcut alone", () => {
    const windows = fakeWindows(builder.productName);
    applyAppIdentity(windows.app, 'win32'); // first thing in main(), before any toast
    expect(windows.showNotification()).toBe(builder.appId);
    expect(windows.shortcut).toEqual({ aumid: builder.appId, rewrites: 0 });
  });

  it('without it, Electron would rewrite the shortcut with its own id (what it fixes)', () => {
    const windows = fakeWindows(builder.productName);
    expect(windows.showNotification()).toBe('electron.app.Kling Studio');
    expect(windows.shortcut.rewrites).toBe(1);
  });

  it('calls nothing on macOS and Linux (the method is Windows-only)', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const calls: string[] = [];
      applyAppIdentity({ setAppUserModelId: (id) => calls.push(id) }, platform);
      expect(calls, platform).toEqual([]);
    }
  });
});
