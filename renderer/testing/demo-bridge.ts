/**
 * Browser entry for the screenshot script (test/screens.ts): builds a fake bridge full of
 * demo renders and installs it as window.kling before the app starts. Dev aid only.
 */
import '../zod-config';
import { actionParam, coreSaid, type Said, saidParam } from '../../shared/core-messages';
import { latestBalance, ledgerEntryOf } from '../../shared/credits';
import type { ErrorKind } from '../../shared/errors';
import type { RenderView } from '../../shared/job';
import { createFakeBridge, SAMPLE_IMAGE } from './fake-bridge';
import { makeRender, type RenderOverrides } from './fixtures';

export interface DemoOptions {
  /** Where the static server serves fixture media, e.g. http://127.0.0.1:5173/media */
  mediaBase: string;
  keySet: boolean;
  /** A data: URL of a real photo for the image picker's preview. */
  previewUrl: string;
  renderCount: number;
  /** Set by the app (renderer/i18n): test/screens.ts switches the language for a shot. */
  setLanguage?: (language: 'en' | 'zh-CN') => Promise<void>;
}

declare global {
  interface Window {
    __klingDemo?: DemoOptions;
  }
}

const PROMPTS = [
  'Slow dolly-in on the portrait, hair moving gently in the wind, warm evening light',
  'The paper boat drifts across the pond while ripples spread outward',
  'Camera orbits the ceramic vase, soft studio light, shallow depth of field',
  'Timelapse of clouds rolling over the mountain ridge at sunrise',
  'The cat turns its head toward the camera and blinks slowly',
  'Handheld walk through the night market, neon signs flickering',
  'Zoom out from the coffee cup to reveal a rainy window',
  'Leaves fall from the maple tree as the camera tilts up',
];
const SEQUENCE_PROMPTS = [
  'The lantern drifts out over the open sea',
  'The lantern drifts past the lighthouse',
];
const MODELS = [
  'Kling_3_0',
  'Kling_2_6',
  'Kling_2_5_Turbo',
  'Kling_2_1_Master',
  'Kling_2_1',
] as const;

function demoRenders(options: DemoOptions): RenderView[] {
  const media = (name: string) => `${options.mediaBase}/${name}`;
  const clips = ['clip-a.mp4', 'clip-b.mp4', 'clip-c.mp4'];
  const thumbs = ['poster.jpg', 'input.jpg', 'input.png'];
  return Array.from({ length: options.renderCount }, (_, i) => {
    const n = i + 1;
    const model = MODELS[i % MODELS.length] ?? 'Kling_3_0';
    const state = i === 3 ? 'failed' : i === 6 ? 'canceled' : 'done';
    const done = state === 'done';
    const batch = i % 4 === 0 ? 2 : 1;
    // Renders 35 → 34 → 33 were made with Continue: a sequence of three (the detail's Sequence).
    const continued = n === 33 || n === 34;
    return makeRender(n, {
      state,
      favourite: i % 5 === 1,
      ...(continued
        ? { continuedFrom: { id: `render-${String(n + 1).padStart(6, '0')}`, videoIndex: 0 } }
        : {}),
      // Renders 9–32 were queued as three sets of variations (the Library's sets strip).
      setId: i >= 8 && i < 32 ? `set-demo-${Math.floor(i / 8)}-variations` : undefined,
      request: {
        prompt: continued ? SEQUENCE_PROMPTS[n - 33] : PROMPTS[i % PROMPTS.length],
        model,
        duration: model === 'Kling_3_0' && i % 3 === 0 ? '8s' : '5s',
        generateAudio: model === 'Kling_3_0' && i % 2 === 0,
        batchCount: batch,
      },
      videoUrls: done
        ? Array.from({ length: batch }, (_, v) => media(clips[(i + v) % 3] ?? 'clip-a.mp4'))
        : [],
      // Every seventh done render has no thumbnail yet, so the first-frame capture runs.
      thumbnailUrl: done && i % 7 !== 2 ? media(thumbs[i % 3] ?? 'poster.jpg') : null,
      sourceImageUrl: media(i % 2 ? 'input.png' : 'input.jpg'),
      credits: done
        ? { powerConsumption: 20 * batch, powerBalanceAmount: 1000 - 20 * n }
        : undefined,
      executionId: done || state === 'failed' ? `exec-${n}` : undefined,
      // Where the engine leaves them: the run's final state (Delete asks nothing more of these).
      remoteState: done ? 'Success' : state === 'failed' ? 'Failed' : undefined,
      serverMessage: state === 'failed' ? 'Face not detected in the reference image' : undefined,
      videos: done
        ? Array.from({ length: batch }, (_, v) => ({
            index: v,
            url: `https://cdn.weshop.example/${n}-${v}.mp4`,
            file: `video-${v + 1}.mp4`,
            bytes: 3_400_000,
            // The fixture clips' real rate (test/emulator/fixtures), as the core reads it.
            frameRate: 24,
          }))
        : [],
    });
  });
}

const saidError = (kind: ErrorKind, said: Said) => ({
  kind,
  message: said.text,
  messageRef: said.ref,
});

/** "Could not check the run 4 times in a row (last: WeShop had a server error…)". */
function pollsFailing() {
  const busy = coreSaid('serverError', { action: actionParam('checking the run'), status: 503 });
  const warning = coreSaid('pollsFailing', { times: 4, last: saidParam(busy) });
  return { warning: warning.text, warningRef: warning.ref };
}

function activeJobs(options: DemoOptions): RenderView[] {
  const now = Date.now();
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
  const job = (
    n: number,
    state: RenderView['state'],
    seconds: number,
    { request, ...extra }: RenderOverrides = {},
  ) =>
    makeRender(90_000 + n, {
      state,
      sourceImageUrl: `${options.mediaBase}/${n % 2 ? 'input.jpg' : 'input.png'}`,
      createdAt: ago(seconds),
      updatedAt: ago(Math.max(0, seconds - 30)),
      request: { prompt: PROMPTS[n % PROMPTS.length], batchCount: n === 2 ? 4 : 1, ...request },
      ...extra,
    });
  const media = (name: string) => `${options.mediaBase}/${name}`;
  // Started runs carry startSentAt/executionId, so their action reads "Stop waiting".
  const started = (n: number) => ({ startSentAt: ago(300), executionId: `exec-demo-${n}` });
  return [
    job(1, 'downloading', 312, started(1)),
    job(2, 'running', 145, { remoteState: 'Segmenting', ...started(2) }),
    job(3, 'uploading', 12),
    // Waiting: the core serves the original under its copy-to-be URL until the start has left.
    job(4, 'queued', 4, { sourceImageCopy: 'pending' }),
    job(11, 'queued', 3, { sourceImageCopy: 'pending', setId: 'set-demo-catalog-1' }),
    job(12, 'queued', 3, { sourceImageCopy: 'pending', setId: 'set-demo-catalog-1' }),
    // The core's own words with their ids (shared/core-messages.ts), as render.json holds them.
    job(5, 'failed', 700, {
      serverMessage: 'Face not detected in the reference image',
      error: saidError(
        'run-failed',
        coreSaid('generationFailed', { server: 'Face not detected in the reference image' }),
      ),
    }),
    job(6, 'needs-attention', 1500, {
      startSentAt: ago(1500),
      error: saidError('needs-attention', coreSaid('needsAttention')),
    }),
    job(7, 'running', 610, {
      remoteState: 'Running',
      ...started(7),
      ...pollsFailing(),
    }),
    job(8, 'partial', 900, {
      ...started(8),
      request: { prompt: 'Lanterns rise over the harbour as the camera cranes up', batchCount: 3 },
      serverMessage: 'One video was blocked by the content safety check',
      error: {
        kind: 'run-failed',
        message:
          'WeShop delivered 2 of 3 videos: One video was blocked by the content safety check.',
      },
      videos: [0, 1].map((v) => ({
        index: v,
        url: `https://cdn.weshop.example/demo-8-${v}.mp4`,
        file: `video-${v + 1}.mp4`,
        bytes: 3_400_000,
        frameRate: 24,
      })),
      videoUrls: [media('clip-a.mp4'), media('clip-b.mp4')],
      thumbnailUrl: media('poster.jpg'),
      sourceImageUrl: media('input.jpg'),
    }),
  ];
}

const options = window.__klingDemo;
if (options) {
  const active = activeJobs(options);
  const bridge = createFakeBridge({
    renders: [...active, ...demoRenders(options)],
    keyStatus: options.keySet
      ? { set: true, source: 'keychain', last4: '7f3a' }
      : { set: false, source: null, last4: null },
    libraryInfo: {
      home: '/home/alex/Videos/Kling Studio',
      count: options.renderCount,
      usedBytes: options.renderCount * 4_100_000,
      problems: ['render-000412/render.json could not be read: unexpected end of JSON'],
    },
    recentPrompts: PROMPTS.slice(0, 4),
    pickedImage: {
      ...SAMPLE_IMAGE,
      previewUrl: options.previewUrl,
      width: 400,
      height: 300,
      format: 'jpg',
      path: '/home/alex/Pictures/lake-house.jpg',
      bytes: 482_113,
    },
  });
  // The Spent screen reads the ledger the demo renders' manifests make (as main does).
  bridge.handle('credits:ledger', () => {
    const entries = bridge.state.renders.flatMap((view) => ledgerEntryOf(view) ?? []);
    return { entries, balance: latestBalance(entries) ?? null };
  });
  bridge.handle('image:inspect', ({ path }) => ({
    ...SAMPLE_IMAGE,
    path,
    previewUrl: options.previewUrl,
    width: 400,
    height: 300,
  }));
  window.kling = bridge;
  // Like main, once the app listens: download progress ticks, and one job fails.
  // By state, not by place: rows added to the demo (the waiting set) moved a positional pick
  // onto a queued render, and the failed one never reached the Queue.
  const downloading = active.find((job) => job.state === 'downloading');
  const failing = active.find((job) => job.state === 'failed');
  const partial = active.find((job) => job.state === 'partial');
  let received = 2_000_000;
  let failed = false;
  setInterval(() => {
    if (bridge.listenerCount('job:progress') === 0) return;
    received = Math.min(received + 1_300_000, 11_000_000);
    if (downloading) {
      bridge.emit('job:progress', {
        id: downloading.id,
        videoIndex: 0,
        receivedBytes: received,
        totalBytes: 11_534_336,
      });
    }
    if (failing && !failed) {
      failed = true;
      bridge.emit('job:update', { ...failing, state: 'running', remoteState: 'Running' });
      bridge.emit('job:update', failing);
      // The partial render too: seen running, then partly delivered, so the Queue shows it.
      if (partial) {
        bridge.emit('job:update', { ...partial, state: 'running', remoteState: 'Running' });
        bridge.emit('job:update', partial);
      }
    }
  }, 250);
}
