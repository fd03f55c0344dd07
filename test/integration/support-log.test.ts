import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../electron/app/core';
import { makeTempHome } from '../../electron/library/testing';
import { logFilePath } from '../../electron/logging/logger';
import { createSecretStore, memoryKeychain } from '../../electron/secrets';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { emulatorPerTest } from '../emulator/per-test';

/**
 * The support log as a core writes it by default: <home>/logs/kling-studio.log, with every
 * state change of a render and every WeShop request, and never the key.
 */
const startEmulator = emulatorPerTest();
let core: Core | undefined;
let removeHome: (() => Promise<void>) | undefined;
afterEach(async () => {
  await core?.close();
  await core?.library.close();
  await removeHome?.();
  core = undefined;
});

type Line = Record<string, unknown>;
const readLog = async (home: string): Promise<Line[]> =>
  (await readFile(logFilePath(home), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

describe('the support log of a core', () => {
  it('records each state change and each request of a render, without the key', async () => {
    const emulator = await startEmulator({
      timings: { pendingMs: 20, segmentingMs: 20, runningMs: 60 },
      honourIdempotencyKey: false,
    });
    // The first poll fails once: the log shows it and its retry as attempts 1 and 2.
    emulator.inject({
      fault: { kind: 'server-error', status: 503 },
      match: { method: 'GET', path: /\/agent\/runs\// },
    });
    const made = await makeTempHome('kling-support-log-');
    removeHome = made.remove;
    const secrets = createSecretStore({ env: {}, keychain: memoryKeychain() });
    await secrets.set(emulator.apiKey);
    core = await createCore({
      home: made.home,
      secrets,
      env: { WESHOP_API_BASE: emulator.apiBase },
      mediaBase: 'kling-media://render',
      watchLibrary: false,
    });
    expect(core.logsDir).toBe(join(made.home, 'logs'));
    const queued = await core.engine.queue({ image: FIXTURES.pngImage, prompt: 'slow dolly-in' });
    await core.engine.idle();
    const done = (await core.library.read(queued.id)) as RenderManifest;
    expect(done.state).toBe('done');

    const lines = await readLog(made.home);
    const states = lines
      .filter((l) => l.msg === 'job state' && l.job === queued.id)
      .map((l) => `${String(l.from)}→${String(l.to)}`);
    expect(states[0]).toMatch(/→(queued|uploading)$/);
    expect(states.at(-1)).toBe('downloading→done');
    expect(states).toContain('starting→running');

    const requests = lines.filter((l) => l.msg === 'weshop request');
    const start = requests.find((r) => r.method === 'POST' && r.path === '/agent/runs');
    expect(start).toMatchObject({ status: 200, attempt: 1, outcome: 'ok', level: 'info' });
    expect(typeof start?.durationMs).toBe('number');
    // The injected 503 on the first poll, then its retry within the same operation.
    const polls = requests.filter((r) => r.method === 'GET');
    expect(polls[0]).toMatchObject({
      status: 503,
      attempt: 1,
      outcome: 'server-error',
      level: 'warn',
    });
    expect(polls[1]).toMatchObject({ status: 200, attempt: 2, outcome: 'ok' });
    expect(lines.every((l) => l.proc === 'core' && l.pid === process.pid)).toBe(true);

    const text = await readFile(logFilePath(made.home), 'utf8');
    expect(text).not.toContain(emulator.apiKey);
    expect(text).not.toContain(Buffer.from(emulator.apiKey).toString('base64'));
    expect(text.toLowerCase()).not.toContain('authorization');
  });

  it('keeps a key the server echoed in a failure reason out of the manifest and the log', async () => {
    const emulator = await startEmulator({
      timings: { pendingMs: 20, segmentingMs: 20, runningMs: 60 },
      honourIdempotencyKey: false,
    });
    emulator.inject({ fault: { kind: 'run-fails', reason: `blocked for key ${emulator.apiKey}` } });
    const made = await makeTempHome('kling-support-log-');
    removeHome = made.remove;
    const secrets = createSecretStore({ env: {}, keychain: memoryKeychain() });
    await secrets.set(emulator.apiKey);
    core = await createCore({
      home: made.home,
      secrets,
      env: { WESHOP_API_BASE: emulator.apiBase },
      mediaBase: 'kling-media://render',
      watchLibrary: false,
    });
    const queued = await core.engine.queue({ image: FIXTURES.pngImage, prompt: 'slow dolly-in' });
    await core.engine.idle();
    const failed = (await core.library.read(queued.id)) as RenderManifest;
    expect(failed.state).toBe('failed');
    // The reason is still shown, with the key cut out of it.
    expect(JSON.stringify(failed)).toContain('blocked for key [redacted]');
    const onDisk = await readFile(join(core.library.folderOf(queued.id), 'render.json'), 'utf8');
    expect(onDisk).not.toContain(emulator.apiKey);
    const log = await readFile(logFilePath(made.home), 'utf8');
    expect(log).toContain('blocked for key [redacted]');
    expect(log).not.toContain(emulator.apiKey);
  });
});
