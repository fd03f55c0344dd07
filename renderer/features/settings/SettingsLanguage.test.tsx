// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLanguage } from '../../i18n';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

async function openSettingsInApp(initial: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp(initial);
  await waitFor(() => expect(app.store.getState().settings).not.toBeNull());
  act(() => app.store.getState().setScreen('settings'));
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
  return app;
}

describe('Settings → Language', () => {
  it('switches the whole interface to Chinese at once, and saves the choice', async () => {
    const { bridge } = await openSettingsInApp();
    const choice = screen.getByLabelText('Interface language') as HTMLSelectElement;
    expect(choice.value).toBe('system');
    expect([...choice.options].map((option) => option.textContent)).toEqual([
      'System (English)',
      'English',
      '简体中文',
    ]);
    fireEvent.change(choice, { target: { value: 'zh-CN' } });
    await waitFor(() => expect(bridge.callsTo('settings:set')).toEqual([{ language: 'zh-CN' }]));
    // The screen, the sidebar and <html lang> follow without a restart.
    expect(await screen.findByRole('heading', { level: 1, name: '设置' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: '主导航' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(i18n.language).toBe('zh-CN');
    // And back.
    fireEvent.change(screen.getByLabelText('界面语言'), { target: { value: 'en' } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
  });

  it('starts in the saved language', async () => {
    renderApp({ settings: { ...(await defaultSettings()), language: 'zh-CN' } });
    expect(await screen.findByRole('navigation', { name: '主导航' })).toBeTruthy();
  });
});

async function defaultSettings() {
  const { DEFAULT_SETTINGS } = await import('../../../shared/settings');
  return DEFAULT_SETTINGS;
}

describe('Settings → API key', () => {
  it('offers the next step once the key is saved: Start a render opens New render', async () => {
    const { store } = await openSettingsInApp({
      keyStatus: { set: false, source: null, last4: null },
    });
    expect(screen.queryByRole('button', { name: 'Start a render' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Paste your key'), {
      target: { value: 'wk-live-4f9a8b7c6d5e3344' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Start a render' }));
    expect(store.getState().screen).toBe('new');
  });
});

describe('Settings → Library', () => {
  it('follows the library: a render that ends asks library:info again', async () => {
    const { bridge } = await openSettingsInApp({
      libraryInfo: { home: '/home/me/Kling Studio', count: 0, usedBytes: 0, problems: [] },
    });
    const renders = () => screen.getByText('Renders').nextElementSibling?.textContent;
    await waitFor(() => expect(renders()).toBe('0'));
    bridge.state.libraryInfo = {
      home: '/home/me/Kling Studio',
      count: 6,
      usedBytes: 3 * 1024 ** 2,
      problems: [],
    };
    act(() => bridge.emit('job:update', makeRender(1, { state: 'done' })));
    await waitFor(() => expect(renders()).toBe('6'));
    expect(screen.getByText('3.0 MB')).toBeTruthy();
  });
});
