import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/emulator/fixtures';
import { startEmulator } from '../../test/emulator/server';
import type { Emulator } from '../../test/emulator/types';
import { type Core, createCore } from '../app/core';
import { memoryLogger } from '../logging/logger';
import { createSecretStore, memoryKeychain } from '../secrets/store';
import { checkLibraryVideo, parseRenderVideoRef, resolveReferenceVideo } from './library-video';

let emulator: Emulator;
let home: string;
let core: Core;

beforeEach(async () => {
  emulator = await startEmulator({
    timings: { pendingMs: 20, segmentingMs: 20, runningMs: 40 },
    resultsPerExecution: 2,
  });
  home = await mkdtemp(join(tmpdir(), 'kling-library-video-'));
  core = await createCore({
    home,
    secrets: createSecretStore({ env: {}, keychain: memoryKeychain() }),
    env: { WESHOP_API_BASE: emulator.apiBase },
    mediaBase: 'http://127.0.0.1:9/media',
    watchLibrary: false,
    logger: memoryLogger(),
  });
  await core.secrets.set(emulator.apiKey);
});
afterEach(async () => {
  await core.close();
  await core.library.close();
  await emulator.close();
  await rm(home, { recursive: true, force: true });
});

/** A done render of two videos, made through the real engine; its id. */
async function doneRender(): Promise<string> {
  const queued = await core.engine.queue({
    image: FIXTURES.pngImage,
    prompt: 'a dancer spins',
    batchCount: 2,
  });
  await core.engine.idle();
  expect((await core.library.read(queued.id))?.state).toBe('done');
  return queued.id;
}

const cdnRequests = () => emulator.requests.filter((r) => r.origin === 'cdn');
const deps = () => ({ read: (id: string) => core.library.read(id) });

describe('a library render as a reference video', { timeout: 60_000 }, () => {
  it("resolves render:<id>#n to that video's WeShop link once it answers; the key never goes to the video host", async () => {
    const id = await doneRender();
    const manifest = await core.library.read(id);
    const before = cdnRequests().length;
    expect(await resolveReferenceVideo(`render:${id}#2`, deps())).toBe(manifest?.videos[1]?.url);
    expect(await resolveReferenceVideo(`render:${id}`, deps())).toBe(manifest?.videos[0]?.url);
    const asked = cdnRequests().slice(before);
    expect(asked.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
    // The emulator keeps every header, authorization included: none was sent, nor the key.
    for (const request of asked) {
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(emulator.apiKey);
    }
    // Anything else is left for the request schema to judge.
    expect(await resolveReferenceVideo('https://cdn.example/v.mp4', deps())).toBe(
      'https://cdn.example/v.mp4',
    );
  });

  it('says an expired link has expired, and names an unknown render or video', async () => {
    const id = await doneRender();
    emulator.inject({ fault: { kind: 'expired-link', status: 410 } });
    const probe = await checkLibraryVideo(deps(), { id, videoIndex: 0 });
    expect(probe.ok).toBe(false);
    expect(probe.message).toMatch(
      /^This video's WeShop link has expired \(127\.0\.0\.1:\d+ answered HTTP 410\): WeShop keeps videos for a limited time; paste another https URL$/,
    );
    await expect(resolveReferenceVideo(`render:${id}`, deps())).rejects.toMatchObject({
      kind: 'invalid-input',
      message: probe.message,
    });
    await expect(resolveReferenceVideo(`render:${id}#5`, deps())).rejects.toThrow(
      `Render ${id} has no video 5 (it has 2)`,
    );
    await expect(resolveReferenceVideo('render:m3x9k2a1b-4fz0qa', deps())).rejects.toThrow(
      'No render with id m3x9k2a1b-4fz0qa',
    );
    expect(emulator.startsByIdempotencyKey().size).toBe(1);
  });

  it('reads render:<id>[#n] and nothing else', () => {
    expect(parseRenderVideoRef('render:abc123-x9#3')).toEqual({ id: 'abc123-x9', videoIndex: 2 });
    expect(parseRenderVideoRef(' render:abc123-x9 ')).toEqual({ id: 'abc123-x9', videoIndex: 0 });
    expect(parseRenderVideoRef('render:abc123-x9#0')).toBeNull();
    expect(parseRenderVideoRef('https://cdn/render:abc123')).toBeNull();
  });
});
