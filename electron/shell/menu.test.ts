import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuItemTemplate } from './menu';

const actions = {
  openLogsFolder: vi.fn(),
  openKeyPage: vi.fn(),
  showAbout: vi.fn(),
  checkForUpdates: vi.fn(),
};
const build = (platform: NodeJS.Platform, packaged: boolean) =>
  buildMenuTemplate({ platform, packaged, appName: 'Kling Studio', actions });
const roles = (items: MenuItemTemplate[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);
const menu = (template: MenuItemTemplate[], label: string) => {
  const found = template.find((item) => item.label === label);
  if (!found?.submenu) throw new Error(`no ${label} menu`);
  return found.submenu;
};

describe('application menu', () => {
  it('has the standard Edit roles on every platform (copy/paste work on macOS)', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const edit = roles(menu(build(platform, true), 'Edit'));
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) {
        expect(edit, `${platform} ${role}`).toContain(role);
      }
    }
  });

  it('starts with the app menu on macOS only', () => {
    const mac = build('darwin', true);
    expect(mac[0]?.label).toBe('Kling Studio');
    expect(roles(mac[0]?.submenu ?? [])).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
    expect(build('win32', true)[0]?.label).toBe('File');
    expect(roles(menu(build('linux', true), 'File'))).toContain('quit');
  });

  it('has no Reload or DevTools in a packaged build; development keeps them', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const packaged = roles(build(platform, true));
      for (const role of ['reload', 'forceReload', 'toggleDevTools']) {
        expect(packaged, `${platform} ${role}`).not.toContain(role);
      }
      expect(roles(build(platform, false))).toEqual(
        expect.arrayContaining(['reload', 'toggleDevTools']),
      );
    }
  });

  it('has a Window menu and a Help menu with the logs folder, key page and about', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const template = build(platform, true);
      expect(roles(menu(template, 'Window'))).toContain('minimize');
      const help = menu(template, 'Help');
      help.find((item) => item.label === 'Open Logs Folder')?.click?.();
      help.find((item) => item.label === 'Get a WeShop API Key')?.click?.();
      expect(actions.openLogsFolder).toHaveBeenCalled();
      expect(actions.openKeyPage).toHaveBeenCalled();
      const about = platform === 'darwin' ? (template[0]?.submenu ?? []) : help;
      expect(
        about.some((item) => item.role === 'about' || item.label === 'About Kling Studio'),
        platform,
      ).toBe(true);
      // "Check for Updates…" sits beside About: the app menu on macOS, Help elsewhere.
      const check = about.find((item) => item.label === 'Check for Updates…');
      check?.click?.();
      expect(check, platform).toBeDefined();
    }
    expect(actions.checkForUpdates).toHaveBeenCalledTimes(3);
  });

  it('has one "Check for Updates…" on each platform', () => {
    const labels = (items: MenuItemTemplate[]): string[] =>
      items.flatMap((item) => [...(item.label ? [item.label] : []), ...labels(item.submenu ?? [])]);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(
        labels(build(platform, true)).filter((label) => label === 'Check for Updates…'),
        platform,
      ).toHaveLength(1);
    }
  });
});
