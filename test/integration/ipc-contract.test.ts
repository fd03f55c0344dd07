import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withResponseChecks } from '../../electron/app/checked-dispatch';
import { type Core, createCore } from '../../electron/app/core';
import { createIpcDispatch, type IpcDispatch } from '../../electron/app/ipc-handlers';
import { memoryLogger } from '../../electron/logging/logger';
import { createSecretStore, memoryKeychain } from '../../electron/secrets/store';
import { createFakeBridge, type FakeBridge } from '../../renderer/testing/fake-bridge';
import { makeRender } from '../../renderer/testing/fixtures';
import type { ErrorKind } from '../../shared/errors';
import { IPC, IPC_CHANNELS, type IpcChannel, type IpcResult } from '../../shared/ipc';
import { checkIpcResult } from '../../shared/ipc-checks';
import type { RenderView } from '../../shared/job';
import { waitFor } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { startEmulator } from '../emulator/server';
import type { Emulator } from '../emulator/types';

/*
 * The IPC contract, once for every channel: each is driven through the real core (createCore
 * + createIpcDispatch against the emulator, answers checked with withResponseChecks) and
 * through the renderer's fake bridge with the same request. Both answers must match the
 * channel's response schema, and the fake must succeed or fail like the core, so renderer
 * tests cannot pass against a fake that drifted. CASES is typed by IpcChannel: a channel added
 * to shared/ipc.ts without a case here is a type error, and the first test fails at run time.
 */

/** The renders each side answers about: the core's real ids, the fake's canned ones. */
interface Ids {
  done: string;
  /** Set by render:queue, used by cancel and retry. */
  queued: string;
  /** Deleted last. */
  spare: string;
}

type Outcome = 'ok' | ErrorKind;

interface Case {
  request: (ids: Ids) => unknown;
  /** What the core answers here; default 'ok'. */
  real?: Outcome;
  /** When the fake answers otherwise on purpose, and why. */
  fake?: { outcome: Outcome; why: string };
}

const png = readFileSync(FIXTURES.pngImage);
const pngDataUrl = `data:image/png;base64,${png.toString('base64')}`;
const jpegDataUrl = `data:image/jpeg;base64,${readFileSync(FIXTURES.poster).toString('base64')}`;
const requestFor = (image: string) => ({ image, prompt: 'Slow dolly-in', duration: '5s' });

// In the order they run: what a case needs was made by an earlier one (queue before cancel
// before retry); deletions and key:clear come last.
const CASES: { [C in IpcChannel]: Case } = {
  'key:status': { request: () => ({}) },
  'key:set': { request: () => ({ key: 'contract-key-0000' }) },
  'key:test': { request: () => ({}) },
  'image:pick': { request: () => ({}) },
  'image:inspect': { request: () => ({ path: FIXTURES.pngImage }) },
  'image:prepare': { request: () => ({ path: FIXTURES.pngImage }) },
  'render:estimate': { request: () => requestFor(FIXTURES.pngImage) },
  'render:queue': { request: () => requestFor(FIXTURES.pngImage) },
  'render:cancel': { request: (ids) => ({ id: ids.queued }) },
  // Confirmed: the cancel may land after the start left, and then retry asks first.
  'render:retry': { request: (ids) => ({ id: ids.queued, confirmChargeTwice: true }) },
  'render:attach': {
    request: (ids) => ({ id: ids.done, executionId: 'emu0001found' }),
    real: 'invalid-input', // a done render has its run: nothing to attach (nothing is sent)
  },
  'render:render-missing': {
    request: (ids) => ({ id: ids.done }),
    real: 'invalid-input', // a complete render has nothing missing
  },
  'render:rerun': { request: (ids) => ({ id: ids.done }) },
  'render:get': { request: (ids) => ({ id: ids.done }) },
  'render:list': { request: () => ({}) },
  'render:favourite': { request: (ids) => ({ id: ids.done, favourite: true }) },
  'render:frame-rate': { request: (ids) => ({ id: ids.done, videoIndex: 0 }) },
  'render:save-thumbnail': { request: (ids) => ({ id: ids.done, dataUrl: jpegDataUrl }) },
  'render:show-in-folder': { request: (ids) => ({ id: ids.done }) },
  'render:save-video': { request: (ids) => ({ id: ids.done, videoIndex: 0 }) },
  'render:export': { request: (ids) => ({ id: ids.done }) },
  'render:queue-set': {
    request: () => ({
      image: FIXTURES.pngImage,
      prompts: ['Slow dolly-in', 'Orbit left'],
      models: ['Kling_2_6'],
      durations: ['5s'],
    }),
  },
  'render:estimate-set': {
    request: () => ({
      image: FIXTURES.pngImage,
      prompts: ['Slow dolly-in'],
      models: ['Kling_3_0', 'Kling_2_6'],
      durations: ['5s'],
    }),
  },
  // Catalog sets: the fixtures' folder (pictures by name), then two pictures as one set.
  'images:list-folder': { request: () => ({ path: dirname(FIXTURES.pngImage) }) },
  'render:estimate-catalog': {
    request: () => ({ pictures: [FIXTURES.pngImage, FIXTURES.jpegImage], duration: '5s' }),
  },
  'render:queue-catalog': {
    request: () => ({
      pictures: [FIXTURES.pngImage, FIXTURES.jpegImage],
      promptTemplate: 'Slow orbit around {name}',
      duration: '5s',
    }),
  },
  // The done render's WeShop link, asked without the key (the emulator's CDN answers it).
  'video:check-url': { request: (ids) => ({ id: ids.done, videoIndex: 0 }) },
  // Before render:continue: the continuation it queues is not downloaded yet.
  'sequence:export': { request: (ids) => ({ id: ids.done }) },
  'render:continue': {
    request: (ids) => ({
      id: ids.done,
      videoIndex: 0,
      prompt: 'And then the camera rises',
      frameDataUrl: pngDataUrl,
    }),
  },
  // After render:continue: the done render and its continuation.
  'sequence:get': { request: (ids) => ({ id: ids.done }) },
  // The picture uploaded already (key:set put a key WeShop refuses in place since).
  'storyboard:estimate': {
    request: () => ({ keyframes: [FIXTURES.pngImage, FIXTURES.pngImage], prompts: ['Glide'] }),
  },
  'storyboard:queue': {
    request: () => ({ keyframes: [FIXTURES.pngImage, FIXTURES.pngImage], prompts: ['Glide'] }),
  },
  'storyboard:list': { request: () => ({}) },
  // An id no storyboard has: both sides say so the same way.
  'storyboard:get': { request: () => ({ id: 'set-none-000001' }), real: 'not-found' },
  'storyboard:rerender': {
    request: () => ({ id: 'set-none-000001', transition: 0 }),
    real: 'not-found',
  },
  'storyboard:join': { request: () => ({ id: 'set-none-000001' }), real: 'not-found' },
  'queue:state': { request: () => ({}) },
  // Resume: nothing is left paused for the cases after it.
  'queue:control': { request: () => ({ action: 'resume' }) },
  // A done render waits nowhere: both sides refuse to move it, saying why.
  'queue:move': { request: (ids) => ({ id: ids.done, to: 'front' }), real: 'invalid-input' },
  'library:info': { request: () => ({}) },
  'prompts:recent': { request: () => ({ text: 'dolly', limit: 5 }) },
  'presets:list': { request: () => ({}) },
  'presets:save': {
    request: () => ({ name: 'Portrait push-in', promptTemplate: 'Slow push-in on {subject}' }),
  },
  'presets:delete': { request: () => ({ name: 'Portrait push-in' }) },
  'settings:get': { request: () => ({}) },
  'settings:set': { request: () => ({ concurrency: 3 }) },
  'credits:ledger': { request: () => ({}) },
  'credits:export-csv': { request: () => ({}) },
  'app:open-external': { request: () => ({ url: 'https://www.weshop.ai/' }) },
  'app:open-logs-folder': { request: () => ({}) },
  'app:pending-image': { request: () => ({}) },
  'app:update-status': { request: () => ({}) },
  'app:check-for-updates': { request: () => ({}) },
  // Nothing is downloaded: the core (no updater under plain node) and the fake both refuse.
  'app:install-update': { request: () => ({}), real: 'invalid-input' },
  'app:install-cli': {
    request: () => ({}),
    real: 'invalid-input',
    fake: {
      outcome: 'ok',
      why: 'the fake plays the desktop app; the core under plain node is not it',
    },
  },
  'render:delete': { request: (ids) => ({ id: ids.spare }) },
  // The delete just before set it aside: Undo puts it back on both sides.
  'render:undo-delete': { request: (ids) => ({ id: ids.spare }) },
  'app:copy-text': { request: () => ({ text: 'Slow dolly-in' }) },
  // An MP4 without Kling Studio's settings: null on both sides.
  'recipe:read': { request: () => ({ path: FIXTURES.largeVideo }) },
  'key:clear': { request: () => ({}) },
};

let emulator: Emulator;
let home: string;
let out: string;
let core: Core;
let dispatch: IpcDispatch;
let fake: FakeBridge;
const realIds: Ids = { done: '', queued: '', spare: '' };
const fakeIds: Ids = { done: '', queued: '', spare: '' };

async function realCall(channel: IpcChannel, request: unknown) {
  return checkIpcResult(channel, await dispatch(channel, request));
}

async function renderDone(): Promise<string> {
  const queued = await realCall('render:queue', requestFor(FIXTURES.pngImage));
  if (!queued.ok) throw new Error(queued.error.message);
  const { id } = queued.value as RenderView;
  await waitFor(async () => {
    const got = await realCall('render:get', { id });
    return got.ok && (got.value as RenderView).state === 'done';
  }, `render ${id} done`);
  return id;
}

beforeAll(async () => {
  emulator = await startEmulator({
    timings: { pendingMs: 20, segmentingMs: 20, runningMs: 40 },
    resultsPerExecution: 1,
    videoFixtures: [FIXTURES.largeVideo],
  });
  home = await mkdtemp(join(tmpdir(), 'kling-contract-'));
  out = await mkdtemp(join(tmpdir(), 'kling-contract-out-'));
  core = await createCore({
    home,
    secrets: createSecretStore({ env: {}, keychain: memoryKeychain() }),
    env: { WESHOP_API_BASE: emulator.apiBase },
    mediaBase: 'http://127.0.0.1:9/media',
    watchLibrary: false,
    logger: memoryLogger(),
    // Never the machine's own trash: a delete's folder goes nowhere at close.
    trashItem: async () => null,
  });
  let saved = 0;
  dispatch = withResponseChecks(
    createIpcDispatch(core, {
      pickImage: async () => FIXTURES.pngImage,
      showInFolder: () => undefined,
      openExternal: async () => undefined,
      openFolder: async () => undefined,
      chooseVideoSavePath: async () => join(out, `video-${++saved}.mp4`),
      chooseExportFolder: async () => out,
      chooseSavePath: async () => join(out, `credits-${++saved}.csv`),
      copyText: () => undefined,
    }),
    core.logger,
  );
  await core.secrets.set(emulator.apiKey);
  realIds.done = await renderDone();
  realIds.spare = await renderDone();

  const done = makeRender(1, {
    videos: [{ index: 0, url: 'https://cdn.weshop.test/v1.mp4', file: 'video-1.mp4', bytes: 1000 }],
  });
  fake = createFakeBridge({ renders: [done, makeRender(2)] });
  fakeIds.done = done.id;
  fakeIds.spare = makeRender(2).id;
}, 60_000);

afterAll(async () => {
  await core?.close();
  await core?.library.close();
  await emulator?.close();
  await rm(home, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

const outcomeOf = (result: IpcResult<unknown>): Outcome => (result.ok ? 'ok' : result.error.kind);

describe('the IPC contract: every channel through the real core and the fake bridge', () => {
  it('covers every channel of shared/ipc.ts', () => {
    expect(Object.keys(CASES).sort()).toEqual([...IPC_CHANNELS].sort());
    expect(IPC_CHANNELS.length).toBe(Object.keys(IPC).length);
  });

  // Sequential on purpose: each case may use what an earlier one made.
  for (const channel of Object.keys(CASES) as IpcChannel[]) {
    it(channel, async () => {
      const spec: Case = CASES[channel];
      const real = await realCall(channel, spec.request(realIds));
      const fakeAnswer = checkIpcResult(
        channel,
        await fake.invoke(channel, spec.request(fakeIds) as never),
      );
      const expectedReal = spec.real ?? 'ok';
      expect(outcomeOf(real), JSON.stringify(real)).toBe(expectedReal);
      expect(outcomeOf(fakeAnswer), JSON.stringify(fakeAnswer)).toBe(
        spec.fake?.outcome ?? expectedReal,
      );
      if (channel === 'render:queue') {
        if (real.ok) realIds.queued = (real.value as RenderView).id;
        if (fakeAnswer.ok) fakeIds.queued = (fakeAnswer.value as RenderView).id;
      }
    });
  }
});
