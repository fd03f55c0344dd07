// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GET_KEY_URL } from '../../../shared/settings';
import type { FakeBridgeState } from '../../testing/fake-bridge';
import { renderWithServices } from '../../testing/render';
import { describeKeyStatus } from './KeySection';
import { SettingsScreen } from './SettingsScreen';
import { describeUpdate } from './UpdatesSection';

afterEach(cleanup);

async function openSettings(initial: Partial<FakeBridgeState> = {}) {
  const app = renderWithServices(<SettingsScreen />, initial);
  const state = app.store.getState();
  await act(() =>
    Promise.all([state.loadKeyStatus(), state.loadSettings(), state.loadLibraryInfo()]),
  );
  return app;
}

const keyStatusText = () => screen.getByTestId('key-status').textContent;
const keyInput = () => screen.getByLabelText(/Replace the key|Paste your key/) as HTMLInputElement;

describe('Settings: API key', () => {
  it('describes where the key comes from, by its last four characters only', () => {
    expect(describeKeyStatus({ set: true, source: 'keychain', last4: '1234' })).toBe(
      'Set, ends in 1234 — from the system keychain',
    );
    expect(describeKeyStatus({ set: true, source: 'env', last4: '9876' })).toBe(
      'Set, ends in 9876 — from the WESHOP_API_KEY environment variable',
    );
    expect(describeKeyStatus({ set: false, source: null, last4: null })).toBe('Not set');
  });

  it('shows the status main reports', async () => {
    await openSettings({ keyStatus: { set: true, source: 'env', last4: '9876' } });
    expect(keyStatusText()).toBe(
      'Set, ends in 9876 — from the WESHOP_API_KEY environment variable',
    );
    // A key from the environment cannot be removed from here.
    const remove = screen.getByRole('button', { name: 'Remove key…' });
    expect(remove.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(remove);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('saves a pasted key with key:set and never shows it anywhere afterwards', async () => {
    const secret = 'wk-live-4f9a8b7c6d5e3344';
    const { bridge, store, container } = await openSettings({
      keyStatus: { set: false, source: null, last4: null },
    });
    expect(keyInput().type).toBe('password');
    fireEvent.change(keyInput(), { target: { value: `  ${secret} ` } });
    fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(bridge.callsTo('key:set')).toEqual([{ key: secret }]));
    await waitFor(() =>
      expect(keyStatusText()).toBe('Set, ends in 3344 — from the system keychain'),
    );
    // The draft is emptied once key:set answered, a moment after the status shows.
    await waitFor(() => expect(keyInput().value).toBe(''));
    expect(container.innerHTML).not.toContain(secret);
    expect(container.innerHTML).not.toContain(secret.slice(0, 12));
    expect(JSON.stringify(store.getState())).not.toContain(secret);
  });

  it('refuses a key too short to be real before asking main', async () => {
    const { bridge } = await openSettings();
    fireEvent.change(keyInput(), { target: { value: 'abc' } });
    expect(screen.getByText(/too short for a WeShop key/)).toBeTruthy();
    const saveButton = screen.getByRole('button', { name: 'Save key' });
    // Still focusable (aria-disabled), but pressing it asks nothing of main.
    expect(saveButton.getAttribute('aria-disabled')).toBe('true');
    expect((saveButton as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(saveButton);
    expect(bridge.callsTo('key:set')).toEqual([]);
  });

  it('tests the key and shows main’s verdict', async () => {
    const { bridge } = await openSettings();
    bridge.handle('key:test', () => ({ ok: false, message: 'WeShop rejected this key (401)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Test key' }));
    expect((await screen.findByRole('alert')).textContent).toBe('WeShop rejected this key (401)');
  });

  it('removes the key only after confirmation', async () => {
    const { bridge } = await openSettings();
    fireEvent.click(screen.getByRole('button', { name: 'Remove key…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the API key?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove key' }));
    await waitFor(() => expect(bridge.callsTo('key:clear')).toHaveLength(1));
    await waitFor(() => expect(keyStatusText()).toBe('Not set'));
  });

  it('opens the page to get a key through app:open-external', async () => {
    const { bridge } = await openSettings();
    fireEvent.click(screen.getByRole('button', { name: /Get an API key/ }));
    await waitFor(() =>
      expect(bridge.callsTo('app:open-external')).toEqual([{ url: GET_KEY_URL }]),
    );
  });
});

describe('Settings: library and rendering', () => {
  it('shows the library location, storage used and any problems', async () => {
    await openSettings({
      libraryInfo: {
        home: '/home/me/Videos/Kling Studio',
        count: 1234,
        usedBytes: 5 * 1024 ** 3,
        problems: ['render-000042/render.json is not valid JSON'],
      },
    });
    expect(screen.getByText('/home/me/Videos/Kling Studio')).toBeTruthy();
    expect(screen.getByText('5.0 GB')).toBeTruthy();
    expect(screen.getByText((1234).toLocaleString())).toBeTruthy();
    expect(screen.getByText('render-000042/render.json is not valid JSON')).toBeTruthy();
  });

  it('asks main to open its logs folder, naming no path', async () => {
    const { bridge } = await openSettings();
    fireEvent.click(screen.getByRole('button', { name: 'Open logs folder' }));
    await waitFor(() => expect(bridge.callsTo('app:open-logs-folder')).toEqual([{}]));
    expect(screen.getByText(/never your API key/)).toBeTruthy();
  });

  it('says so when the logs folder cannot be opened', async () => {
    const { bridge, store } = await openSettings();
    bridge.fail('app:open-logs-folder', { kind: 'internal', message: 'No file manager' });
    fireEvent.click(screen.getByRole('button', { name: 'Open logs folder' }));
    await waitFor(() =>
      expect(store.getState().toasts.map((t) => t.text)).toContain(
        'Could not open the logs folder: No file manager',
      ),
    );
  });

  it('saves concurrency within 1–16 and explains values outside', async () => {
    const { bridge } = await openSettings();
    const input = screen.getByLabelText('Runs at once') as HTMLInputElement;
    expect(input.value).toBe('2');
    fireEvent.change(input, { target: { value: '17' } });
    fireEvent.blur(input);
    expect(screen.getByText('Runs at once must be a whole number from 1 to 16')).toBeTruthy();
    expect(bridge.callsTo('settings:set')).toEqual([]);

    fireEvent.change(input, { target: { value: '4' } });
    fireEvent.blur(input);
    await waitFor(() => expect(bridge.callsTo('settings:set')).toEqual([{ concurrency: 4 }]));
    expect(await screen.findByText('Saved')).toBeTruthy();
  });
});

describe('Settings: command-line tool', () => {
  it('asks main to install the launcher (naming no path) and shows where it went', async () => {
    const { bridge } = await openSettings();
    const install = screen.getByRole('button', { name: 'Install command-line tool' });
    install.focus();
    fireEvent.click(install);
    // Busy, but still focusable: focus stays on the pressed button, and a second press waits.
    expect(install.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(install);
    fireEvent.click(install);
    await waitFor(() => expect(bridge.callsTo('app:install-cli')).toEqual([{}]));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Installed the kling-studio command at /home/me/.local/bin/kling-studio.',
    );
  });

  it('says why when it could not be installed', async () => {
    const { bridge, store } = await openSettings();
    bridge.fail('app:install-cli', {
      kind: 'invalid-input',
      message: 'Not installed: /usr/local/bin/kling-studio already exists',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Install command-line tool' }));
    await waitFor(() =>
      expect(store.getState().toasts.map((t) => t.text)).toContain(
        'Could not install the command-line tool: Not installed: /usr/local/bin/kling-studio already exists',
      ),
    );
  });
});

describe('Settings: updates', () => {
  const updateText = () => screen.getByTestId('update-status').textContent;

  it('checks for updates and shows what main found, then restarts when it is ready', async () => {
    const { bridge } = await openSettings({ availableUpdate: '0.2.0' });
    await waitFor(() => expect(updateText()).toBe('Not checked yet in this session.'));
    fireEvent.click(screen.getByRole('button', { name: 'Check for updates…' }));
    await waitFor(() => expect(updateText()).toBe('Downloading Kling Studio 0.2.0… 0%'));
    expect(bridge.callsTo('app:check-for-updates')).toEqual([{}]);
    // Main reports the download's progress and end as events.
    act(() => bridge.emit('app:update-status', { state: 'ready', version: '0.2.0' }));
    bridge.state.updateStatus = { state: 'ready', version: '0.2.0' };
    fireEvent.click(screen.getByRole('button', { name: 'Restart to update' }));
    await waitFor(() => expect(bridge.callsTo('app:install-update')).toEqual([{}]));
    expect(updateText()).toBe('Restarting into Kling Studio 0.2.0…');
  });

  it('says a restart waits for a render whose run id is not saved yet', () => {
    expect(
      describeUpdate({ state: 'waiting-for-renders', version: '0.2.0', renders: 2 }),
    ).toContain('as soon as 2 renders have saved the run id');
  });

  it('turns the start-up check off', async () => {
    const { bridge } = await openSettings();
    const box = screen.getByRole('checkbox', {
      name: 'Check for updates when Kling Studio starts',
    });
    expect((box as HTMLInputElement).checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() =>
      expect(bridge.callsTo('settings:set')).toEqual([{ checkForUpdates: false }]),
    );
  });
});
