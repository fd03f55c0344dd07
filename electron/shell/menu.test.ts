import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuItemTemplate } from './menu';
import { afterSettingsSaved, menuLanguage } from './menu-language';

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

describe('application menu language', () => {
  const labels = (items: MenuItemTemplate[]): string[] =>
    items.flatMap((item) => [...(item.label ? [item.label] : []), ...labels(item.submenu ?? [])]);
  const zh = (platform: NodeJS.Platform) =>
    buildMenuTemplate({
      platform,
      packaged: false,
      appName: 'Kling Studio',
      actions,
      language: 'zh-CN',
    });

  it('speaks Chinese when the interface does: every item, role items included', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const template = zh(platform);
      const items = (list: MenuItemTemplate[]): MenuItemTemplate[] =>
        list.flatMap((item) => [item, ...items(item.submenu ?? [])]);
      // No item falls back to Electron's English role label.
      for (const item of items(template)) {
        if (item.type !== 'separator') expect(item.label, `${platform} ${item.role}`).toBeTruthy();
      }
      // Nothing English is left but the names (Kling Studio, WeShop, API).
      const english = labels(template)
        .map((label) => label.replace(/Kling Studio|WeShop|API/g, ''))
        .filter((label) => /[A-Za-z]{2,}/.test(label));
      expect(english, platform).toEqual([]);
    }
    expect(zh('win32').map((item) => item.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    // The roles still do the work.
    expect(roles(zh('darwin'))).toEqual(roles(build('darwin', false)));
  });

  it('follows Settings, or the OS languages in order for System', () => {
    expect(menuLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(menuLanguage('en', ['zh-CN'])).toBe('en');
    expect(menuLanguage('system', ['zh-Hans-CN', 'en-US'])).toBe('zh-CN');
    expect(menuLanguage('system', ['zh-TW', 'en-GB'])).toBe('en');
    expect(menuLanguage('system', ['fr-FR'])).toBe('en');
  });

  it('is rebuilt after Settings are saved, not after a failed save or another call', async () => {
    const saved = vi.fn();
    const dispatch = afterSettingsSaved(
      async (channel) =>
        channel === 'settings:set'
          ? { ok: true, value: {} }
          : { ok: false, error: { kind: 'internal' as const, message: 'no' } },
      saved,
    );
    await dispatch('library:info', {});
    expect(saved).not.toHaveBeenCalled();
    await dispatch('settings:set', { language: 'zh-CN' });
    expect(saved).toHaveBeenCalledTimes(1);
  });
});
