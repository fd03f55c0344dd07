import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/emulator/fixtures';
import { memoryLogger } from '../logging/logger';
import { createSecretStore, memoryKeychain } from '../secrets';
import type { KeychainBackend } from '../secrets/types';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';
import type { PlatformServices } from './platform';

const KEY = 'wk-live-0011223344556677';
const openCore = corePerTest('kling-ipc-');

async function setUp(keychain: KeychainBackend = memoryKeychain()) {
  const logger = memoryLogger();
  const { core, home } = await openCore({
    secrets: createSecretStore({ env: {}, keychain }),
    logger,
  });
  const opened: string[] = [];
  const shown: string[] = [];
  const platform: PlatformServices = {
    ...quietPlatform(),
    showInFolder: (path) => void shown.push(path),
    openFolder: async (path) => void opened.push(path),
  };
  return { home, logger, opened, shown, platform, core };
}

describe('app:open-logs-folder', () => {
  it("opens the core's own logs folder, creating it first", async () => {
    const { home, opened, platform, core } = await setUp();
    const dispatch = createIpcDispatch(core, platform);
    expect(await dispatch('app:open-logs-folder', {})).toEqual({ ok: true, value: null });
    expect(opened).toEqual([join(home, 'logs')]);
    expect((await stat(join(home, 'logs'))).isDirectory()).toBe(true);
  });

  it('shows the folder in its parent where the shell cannot open folders', async () => {
    const { home, shown, platform, core } = await setUp();
    const { openFolder: _unused, ...withoutOpen } = platform;
    await createIpcDispatch(core, withoutOpen)('app:open-logs-folder', {});
    expect(shown).toEqual([join(home, 'logs')]);
  });

  it('refuses a renderer that tries to name the folder, and logs the refusal', async () => {
    const { opened, platform, core, logger } = await setUp();
    const result = await createIpcDispatch(core, platform)('app:open-logs-folder', {
      path: '/etc',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(opened).toEqual([]);
    expect(logger.records()).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'ipc call refused: bad payload',
        channel: 'app:open-logs-folder',
      }),
    );
  });
});

describe('app:install-cli', () => {
  it('is refused outside the desktop app (no app executable for the launcher to start)', async () => {
    const { platform, core } = await setUp();
    const result = await createIpcDispatch(core, platform)('app:install-cli', {});
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('desktop app') },
    });
  });
});

describe('IPC failures are logged without their payload', () => {
  it('logs a failed key:set by channel and error, never the key', async () => {
    const broken: KeychainBackend = {
      ...memoryKeychain(),
      setPassword: async () => {
        throw new Error('keychain is locked');
      },
    };
    const { platform, core, logger } = await setUp(broken);
    const result = await createIpcDispatch(core, platform)('key:set', { key: KEY });
    expect(result).toMatchObject({ ok: false, error: { message: 'keychain is locked' } });
    expect(logger.records()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'ipc call failed',
        channel: 'key:set',
        error: { kind: 'internal', message: 'keychain is locked' },
      }),
    );
    expect(logger.lines.join('\n')).not.toContain(KEY);
  });
});

describe('render:frame-rate', () => {
  it("fills in an older video's frame rate from its MP4 and stores it; refuses a bad index", async () => {
    const { platform, core, home } = await setUp();
    const { id } = await core.library.create({ image: FIXTURES.pngImage, prompt: 'wave' });
    await copyFile(FIXTURES.videos[0], join(home, 'renders', id, 'video-1.mp4'));
    await core.library.update(id, (m) => {
      m.state = 'done';
      m.videos = [{ index: 0, url: 'https://cdn.example/1.mp4', file: 'video-1.mp4' }];
    });
    await core.library.release(id);
    const dispatch = createIpcDispatch(core, platform);
    const result = await dispatch('render:frame-rate', { id, videoIndex: 0 });
    expect(result).toMatchObject({ ok: true, value: { id, videos: [{ frameRate: 24 }] } });
    expect((await core.library.read(id))?.videos[0]?.frameRate).toBe(24);
    expect(await dispatch('render:frame-rate', { id, videoIndex: -1 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });
});
