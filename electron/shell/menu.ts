// The application menu, as data: main.ts hands it to Menu.buildFromTemplate. Kept free of
// Electron so test/unit can check it per platform (menu.test.ts).
//
// - macOS needs an Edit menu with the standard roles, or copy/paste shortcuts do nothing in
//   text fields.
// - A packaged build has no Reload (it would drop the page's state mid-render) and no
//   DevTools (a console in the page is a way around the CSP); development keeps both.
// - Its words follow the interface language (menu-words.ts): main passes the Settings choice,
//   or the OS's first language when that is 'system' (app.getPreferredSystemLanguages()).

import type { Language } from '../../shared/language';
import { MENU_WORDS, type MenuWords } from './menu-words';

/** The Electron roles used here (a subset of Electron's MenuItemConstructorOptions role). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'appMenu'
  | 'editMenu'
  | 'windowMenu'
  | 'help';

export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator' | 'normal';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuActions {
  openLogsFolder(): void;
  openKeyPage(): void;
  showAbout(): void;
  /** "Check for Updates…": where macOS apps put it (the app menu), else in Help. */
  checkForUpdates(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** app.isPackaged */
  packaged: boolean;
  appName: string;
  actions: MenuActions;
  /** The interface language (English when not given). */
  language?: Language;
}

/** The roles whose label is one plain word in MenuWords (the app-named ones are functions). */
type WordedRole = Exclude<
  MenuRole,
  'about' | 'hide' | 'quit' | 'appMenu' | 'editMenu' | 'windowMenu' | 'help'
>;

const separator: MenuItemTemplate = { type: 'separator' };

export function buildMenuTemplate({
  platform,
  packaged,
  appName,
  actions,
  language = 'en',
}: MenuOptions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const words: MenuWords = MENU_WORDS[language];
  // A role item with its label in the interface language (the role still does the work).
  const role = (name: WordedRole): MenuItemTemplate => ({ role: name, label: words[name] });
  const quit: MenuItemTemplate = { role: 'quit', label: words.quit(appName) };
  const menus: MenuItemTemplate[] = [];
  if (mac) {
    menus.push({
      label: appName,
      submenu: [
        { role: 'about', label: words.about(appName) },
        { label: words.checkForUpdates, click: actions.checkForUpdates },
        separator,
        role('services'),
        separator,
        { role: 'hide', label: words.hide(appName) },
        role('hideOthers'),
        role('unhide'),
        separator,
        quit,
      ],
    });
  }
  menus.push({ label: words.file, submenu: [mac ? role('close') : quit] });
  menus.push({
    label: words.edit,
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      ...(mac ? [role('pasteAndMatchStyle')] : []),
      role('delete'),
      separator,
      role('selectAll'),
    ],
  });
  menus.push({
    label: words.view,
    submenu: [
      ...(packaged ? [] : [role('reload'), role('forceReload'), role('toggleDevTools'), separator]),
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen'),
    ],
  });
  menus.push({
    label: words.window,
    submenu: mac
      ? [role('minimize'), role('zoom'), separator, role('front')]
      : [role('minimize'), role('close')],
  });
  menus.push({
    label: words.help,
    role: 'help',
    submenu: [
      { label: words.openLogsFolder, click: actions.openLogsFolder },
      { label: words.getKey, click: actions.openKeyPage },
      ...(mac
        ? []
        : [
            separator,
            { label: words.checkForUpdates, click: actions.checkForUpdates },
            { label: words.about(appName), click: actions.showAbout },
          ]),
    ],
  });
  return menus;
}
