/**
 * Who the app is to the OS. Plain code; main.ts applies it first thing, before `ready`.
 *
 * Windows: the installer's Start-menu shortcut carries electron-builder's `appId` as its
 * AppUserModelID (app-builder-lib templates/nsis/include/installer.nsh:
 * `WinShell::SetLnkAUMI … "${APP_ID}"`, APP_ID = appInfo.id). Unless the app says the same
 * with app.setAppUserModelId, Electron uses "electron.app.<product name>"
 * (shell/common/application_info_win.cc, GetRawAppUserModelID), and before its first toast
 * rewrites "<product name>.lnk" in the Start menu with that id (EnsureShortcut in
 * shell/browser/notifications/win/windows_toast_activator.cc): the installer's shortcut
 * changes under it, and the first notification may be lost while Windows catches up.
 * docs/tutorial/notifications.md: set it yourself where Squirrel does not.
 *
 * Linux: nothing to call. package.json's `desktopName` ("kling-studio.desktop") becomes
 * CHROME_DESKTOP before the app's code runs (lib/browser/init.ts → app.setDesktopName), and
 * Electron sets the window's WM_CLASS and Wayland app id from it (native_window_views.cc:
 * GetXdgAppId, the name minus ".desktop"). electron-builder.yml's StartupWMClass and the
 * .desktop file name (linux.syncDesktopName) match it: test/unit/packaging.test.ts.
 */

/** electron-builder.yml `appId` (test/unit/packaging.test.ts keeps them equal). */
export const APP_ID = 'ai.klingstudio.desktop';

/** The part of Electron's app this uses. */
export interface IdentityApp {
  setAppUserModelId(id: string): void;
}

export function applyAppIdentity(app: IdentityApp, platform: NodeJS.Platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}
