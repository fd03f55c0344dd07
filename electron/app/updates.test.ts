import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CORE_MESSAGES } from '../../shared/core-messages';
import { KlingError } from '../../shared/errors';
import type { UpdateStatus } from '../../shared/updates';
import { NATIVE_WORDS } from './native-words';
import { createUpdateGuard } from './update-guard';
import { createUpdateController, type Updater, updateCheckOutcome } from './updates';

/**
 * A faithful fake of electron-updater's AppUpdater: checkForUpdates() emits
 * 'checking-for-update', then 'update-available' (and, with autoDownload, starts the
 * download: 'download-progress'…, 'update-downloaded') or 'update-not-available'; a failure
 * emits 'error' and then rejects the promise, as AppUpdater.doCheckForUpdates does.
 */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  latest: string | null = null;
  offline = false;
  readonly calls: string[] = [];
  /** Finishes the background download (tests decide when). */
  finishDownload: (() => void) | null = null;

  async checkForUpdates() {
    this.calls.push('checkForUpdates');
    this.emit('checking-for-update');
    await Promise.resolve();
    if (this.offline) {
      const error = new Error('net::ERR_INTERNET_DISCONNECTED');
      this.emit('error', error);
      throw error;
    }
    if (!this.latest) {
      this.emit('update-not-available', { version: '0.1.0' });
      return null;
    }
    const version = this.latest;
    this.emit('update-available', { version });
    if (this.autoDownload) {
      this.finishDownload = () => {
        this.emit('download-progress', { percent: 42.7 });
        this.emit('download-progress', { percent: 100 });
        this.emit('update-downloaded', { version });
      };
    }
    return { updateInfo: { version } };
  }

  quitAndInstall() {
    this.calls.push('quitAndInstall');
  }
}

const SENT = '2026-09-01T10:00:00.000Z';

function setup(unsupported: string | null = null) {
  const updater = new FakeUpdater();
  const guard = createUpdateGuard();
  const published: UpdateStatus[] = [];
  const logs: string[] = [];
  const controller = createUpdateController({
    updater,
    unsupported,
    currentVersion: '0.1.0',
    guard,
    now: () => new Date('2026-09-01T12:00:00.000Z'),
    log: { info: (message) => logs.push(message), warn: (message) => logs.push(message) },
    publish: (status) => published.push(status),
    beforeInstall: async () => {
      updater.calls.push('core closed');
    },
  });
  const states = () => published.map((status) => status.state);
  return { updater, guard, controller, published, logs, states };
}

describe('updates', () => {
  it('downloads in the background and installs on quit (electron-updater options)', () => {
    const { updater } = setup();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('a quiet check with nothing new says "up to date"', async () => {
    const { controller, states } = setup();
    await expect(controller.check({ quiet: true })).resolves.toEqual({
      state: 'up-to-date',
      version: '0.1.0',
      checkedAt: '2026-09-01T12:00:00.000Z',
    });
    expect(states()).toEqual(['checking', 'up-to-date']);
  });

  it('finds, downloads, and restarts into a new version when no start is in flight', async () => {
    const { updater, controller, published } = setup();
    updater.latest = '0.2.0';
    expect(await controller.check({ quiet: false })).toEqual({
      state: 'downloading',
      version: '0.2.0',
      percent: 0,
    });
    updater.finishDownload?.();
    expect(published.slice(-3)).toEqual([
      { state: 'downloading', version: '0.2.0', percent: 42 },
      { state: 'downloading', version: '0.2.0', percent: 100 },
      { state: 'ready', version: '0.2.0' },
    ]);
    expect(controller.install()).toEqual({ state: 'installing', version: '0.2.0' });
    await expect.poll(() => updater.calls).toContain('quitAndInstall');
    // The core is closed first, so every render is on disk and resumes after the restart.
    expect(updater.calls).toEqual(['checkForUpdates', 'core closed', 'quitAndInstall']);
  });

  it('waits for a render between "start sent" and "run id saved", then restarts', async () => {
    const { updater, guard, controller } = setup();
    updater.latest = '0.2.0';
    await controller.check({ quiet: false });
    updater.finishDownload?.();
    guard.observe({ id: 'r1', state: 'starting', startSentAt: SENT });
    guard.observe({ id: 'r2', state: 'running', startSentAt: SENT, executionId: 'e2' });
    expect(controller.install()).toEqual({
      state: 'waiting-for-renders',
      version: '0.2.0',
      renders: 1,
    });
    await Promise.resolve();
    expect(updater.calls).not.toContain('quitAndInstall');
    // Asking again while waiting changes nothing.
    expect(controller.install().state).toBe('waiting-for-renders');
    guard.observe({ id: 'r1', state: 'running', startSentAt: SENT, executionId: 'e1' });
    await expect.poll(() => updater.calls).toContain('quitAndInstall');
    expect(controller.status()).toEqual({ state: 'installing', version: '0.2.0' });
  });

  it('keeps a quiet start-up failure to the log; a check the user asked for says why', async () => {
    const { updater, controller, logs } = setup();
    updater.offline = true;
    expect(await controller.check({ quiet: true })).toEqual({ state: 'idle' });
    expect(logs).toContain('update check failed');
    const loud = await controller.check({ quiet: false });
    expect(loud).toMatchObject({
      state: 'error',
      message: 'Could not check the update: net::ERR_INTERNET_DISCONNECTED',
      messageRef: { id: 'updateCheckFailed' },
    });
    expect(updateCheckOutcome(loud, 'Kling Studio')?.detail).toContain('network connection');
    // In Chinese the box says the failure by its id: electron-updater's own words stay as they came.
    expect(updateCheckOutcome(loud, 'Kling Studio', 'zh-CN')?.detail).toBe(
      '无法检查更新：net::ERR_INTERNET_DISCONNECTED。请检查网络连接，然后再试一次（“帮助 → 打开日志文件夹”中有详细信息）。',
    );
  });

  it('refuses to install before a version is downloaded, and says so', async () => {
    const { updater, controller } = setup();
    expect(() => controller.install()).toThrow(KlingError);
    expect(() => controller.install()).toThrow(/Check for updates/);
    updater.latest = '0.2.0';
    await controller.check({ quiet: false });
    expect(() => controller.install()).toThrow('Kling Studio 0.2.0 is still downloading (0%)');
  });

  it('a build that cannot update itself says why and never asks the feed', async () => {
    const { updater, controller } = setup('Development builds do not update themselves.');
    const status = await controller.check({ quiet: false });
    expect(status).toEqual({
      state: 'unsupported',
      reason: 'Development builds do not update themselves.',
    });
    expect(updater.calls).toEqual([]);
    expect(updateCheckOutcome(status, 'Kling Studio')?.message).toBe(
      'This copy of Kling Studio does not update itself',
    );
  });

  it("words the menu's message box in the app's language, as the menus are", () => {
    const ready = { state: 'ready', version: '0.2.0' } as const;
    expect(updateCheckOutcome(ready, 'Kling Studio', 'zh-CN')).toEqual({
      message: 'Kling Studio 0.2.0 已可安装',
      detail: '立即重启以使用新版本，或在你退出时安装。',
    });
    const dev = { state: 'unsupported', reason: 'Development builds do not update themselves.' };
    expect(updateCheckOutcome(dev as UpdateStatus, 'Kling Studio', 'zh-CN')).toEqual({
      message: '此 Kling Studio 副本不会自行更新',
      detail: '开发版本不会自行更新。',
    });
    // A reason main did not word (none today) is shown as it came.
    const other = { state: 'unsupported', reason: 'Read-only install.' } as const;
    expect(updateCheckOutcome(other, 'Kling Studio', 'zh-CN')?.detail).toBe('Read-only install.');
    // The box's English reasons are the catalogue's (Settings → Updates says them by id).
    expect(NATIVE_WORDS.en.unsupportedReason).toEqual({
      system: CORE_MESSAGES.updatedBySystem,
      development: CORE_MESSAGES.developmentBuild,
    });
    for (const words of Object.values(NATIVE_WORDS)) {
      for (const [name, value] of Object.entries(words)) {
        expect(typeof value === 'function' ? value('x', 1) : value, name).toBeTruthy();
      }
    }
  });

  it('words the outcome of a check the user asked for', () => {
    expect(
      updateCheckOutcome(
        { state: 'up-to-date', version: '0.1.0', checkedAt: SENT },
        'Kling Studio',
      ),
    ).toEqual({ message: 'Kling Studio is up to date', detail: 'You have 0.1.0.' });
    expect(
      updateCheckOutcome({ state: 'downloading', version: '0.2.0', percent: 3 }, 'Kling Studio')
        ?.message,
    ).toBe('Kling Studio 0.2.0 is available');
    expect(updateCheckOutcome({ state: 'checking' }, 'Kling Studio')).toBeNull();
  });
});
