// The application menu, as data: main.ts hands it to Menu.buildFromTemplate. Kept free of
// Electron so test/unit can check it per platform (menu.test.ts).
//
// - macOS needs an Edit menu with the standard roles, or copy/paste shortcuts do nothing in
//   text fields.
// - A packaged build has no Reload (it would drop the page's state mid-render) and no
//   DevTools (a console in the page is a way around the CSP); development keeps both.

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
}

const separator: MenuItemTemplate = { type: 'separator' };

export function buildMenuTemplate({
  platform,
  packaged,
  appName,
  actions,
}: MenuOptions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const menus: MenuItemTemplate[] = [];
  if (mac) {
    menus.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { label: 'Check for Updates…', click: actions.checkForUpdates },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }
  menus.push({ label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] });
  menus.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  });
  menus.push({
    label: 'View',
    submenu: [
      ...(packaged
        ? []
        : [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            separator,
          ]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });
  menus.push({
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  menus.push({
    label: 'Help',
    role: 'help',
    submenu: [
      { label: 'Open Logs Folder', click: actions.openLogsFolder },
      { label: 'Get a WeShop API Key', click: actions.openKeyPage },
      ...(mac
        ? []
        : [
            separator,
            { label: 'Check for Updates…', click: actions.checkForUpdates },
            { label: `About ${appName}`, click: actions.showAbout },
          ]),
    ],
  });
  return menus;
}
