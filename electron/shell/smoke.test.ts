import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc';
import type { IpcDispatch } from '../app/ipc-handlers';
import { APP_ENTRY_URL, APP_ORIGIN, isTrustedIpcSender } from './app-origin';
import {
  pageLoaded,
  runSmoke,
  type SmokeProbes,
  type SmokeVerdict,
  smokeVerdictPath,
  startFailedVerdict,
  watchFirstCall,
} from './smoke';

const okProbes = (): SmokeProbes => ({
  windowLoaded: async () => APP_ENTRY_URL,
  pageCalled: async () => 'app:pending-image',
  openLibrary: async () => '0 renders',
  readKeychain: async () => 'no key saved',
});

async function smoke(probes: SmokeProbes, timeoutMs = 1_000) {
  let written = '';
  let clock = 0;
  const code = await runSmoke({
    probes,
    version: '0.1.0',
    platform: 'linux',
    arch: 'x64',
    now: () => (clock += 5),
    timeoutMs,
    appOrigin: APP_ORIGIN,
    writeVerdict: async (json) => {
      written = json;
    },
  });
  return { code, verdict: JSON.parse(written) as SmokeVerdict };
}

describe('--smoke', () => {
  it('takes the verdict path after the switch, and nothing else', () => {
    expect(smokeVerdictPath(['/opt/app', '--smoke', 'out/verdict.json'])).toBe('out/verdict.json');
    expect(smokeVerdictPath(['/opt/app', '--no-sandbox', '--smoke', 'v.json'])).toBe('v.json');
    expect(smokeVerdictPath(['/opt/app'])).toBeNull();
    expect(smokeVerdictPath(['/opt/app', '--smoke'])).toBeNull();
    expect(smokeVerdictPath(['/opt/app', '--smoke', '--no-sandbox'])).toBeNull();
  });

  it('passes and exits 0 when every check passes, in order, each timed', async () => {
    const { code, verdict } = await smoke(okProbes());
    expect(code).toBe(0);
    expect(verdict).toMatchObject({ ok: true, version: '0.1.0', platform: 'linux', arch: 'x64' });
    expect(verdict.checks.map((c) => [c.name, c.ok, c.detail])).toEqual([
      ['window', true, APP_ENTRY_URL],
      ['ipc', true, 'answered app:pending-image'],
      ['library', true, '0 renders'],
      ['keychain', true, 'no key saved'],
    ]);
    expect(verdict.checks.every((c) => c.ms > 0)).toBe(true);
  });

  it('fails (exit 1) on a page that is not from app://kling-studio, and still runs the rest', async () => {
    const { code, verdict } = await smoke({
      ...okProbes(),
      windowLoaded: async () => 'file:///opt/app/resources/app.asar/dist/renderer/index.html',
    });
    expect(code).toBe(1);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks[0]).toMatchObject({ name: 'window', ok: false });
    expect(verdict.checks[0]?.detail).toContain('not from app://kling-studio');
    expect(verdict.checks.slice(1).every((c) => c.ok)).toBe(true);
  });

  it('says which check hung or failed: a keychain that never answers, a library that throws', async () => {
    const { code, verdict } = await smoke(
      {
        ...okProbes(),
        openLibrary: async () => {
          throw new Error('EACCES: permission denied, open /home/ci/Kling Studio/index.json');
        },
        readKeychain: () => new Promise<string>(() => undefined),
      },
      30,
    );
    expect(code).toBe(1);
    expect(verdict.checks.find((c) => c.name === 'library')).toMatchObject({
      ok: false,
      detail: 'EACCES: permission denied, open /home/ci/Kling Studio/index.json',
    });
    expect(verdict.checks.find((c) => c.name === 'keychain')).toMatchObject({
      ok: false,
      detail: 'no answer within 30 ms',
    });
  });
});

describe('the window check', () => {
  /** A faithful fake of webContents: did-finish-load, or did-fail-load with Chromium's code. */
  const contents = (url: string) => {
    const emitter = new EventEmitter();
    return Object.assign(emitter, { getURL: () => url });
  };

  it("resolves with the page's URL once it loaded", async () => {
    const page = contents(APP_ENTRY_URL);
    const loaded = pageLoaded(page);
    page.emit('did-start-loading');
    page.emit('did-finish-load');
    await expect(loaded).resolves.toBe(APP_ENTRY_URL);
  });

  it('says why the page did not load', async () => {
    const page = contents('');
    const loaded = pageLoaded(page);
    page.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', APP_ENTRY_URL);
    await expect(loaded).rejects.toThrow('the page did not load: ERR_FILE_NOT_FOUND (-6)');
  });

  it('writes a failed verdict when the app could not start at all', () => {
    const json = startFailedVerdict(
      { version: '0.1.0', platform: 'darwin', arch: 'arm64' },
      '2026-09-01T10:00:00.000Z',
      'The library at /x is not writable',
    );
    expect(JSON.parse(json)).toMatchObject({
      ok: false,
      checks: [{ name: 'start', ok: false, detail: 'The library at /x is not writable' }],
    });
  });
});

describe('the IPC round trip the smoke check waits for', () => {
  /**
   * A faithful fake of electron/ipc.ts's ipcMain.handle wrapper: the dispatcher runs only
   * for a frame isTrustedIpcSender accepts (origin app://kling-studio, top frame).
   */
  function fakeIpcMain(dispatch: IpcDispatch) {
    return (frame: { origin: string; top: boolean }, channel: string) =>
      isTrustedIpcSender(frame.origin, frame.top)
        ? dispatch(channel, {})
        : Promise.resolve<IpcResult<unknown>>({
            ok: false,
            error: { kind: 'invalid-input', message: 'Untrusted sender' },
          });
  }

  it('resolves with the first call the real page got answered, not an untrusted one', async () => {
    const watched = watchFirstCall(async (channel) => ({ ok: true, value: channel }));
    const invoke = fakeIpcMain(watched.dispatch);
    let settled = false;
    void watched.firstCall.then(() => (settled = true));
    await invoke({ origin: 'https://evil.example', top: true }, 'settings:get');
    await invoke({ origin: APP_ORIGIN, top: false }, 'settings:get'); // an iframe
    await Promise.resolve();
    expect(settled).toBe(false);
    await invoke({ origin: APP_ORIGIN, top: true }, 'app:pending-image');
    await invoke({ origin: APP_ORIGIN, top: true }, 'settings:get');
    await expect(watched.firstCall).resolves.toBe('app:pending-image');
  });

  it('fails with the error the page got when its first call failed', async () => {
    const watched = watchFirstCall(async () => ({
      ok: false,
      error: { kind: 'internal', message: 'The library could not be read' },
    }));
    await watched.dispatch('key:status', {});
    await expect(watched.firstCall).rejects.toThrow(
      'key:status failed: The library could not be read',
    );
  });
});
