import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../electron/app/core';
import { createSecretStore, memoryKeychain } from '../../electron/secrets';
import { createWeShopClient, resolveApiBase } from '../../electron/weshop/client';
import { isKlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { type CoreStack, startCoreStack } from './support/core-stack';
import { recordCounts } from './support/counts';
import { listFiles } from './support/files';

/**
 * The key goes to the API origin, raw in Authorization, and nowhere else: not to the CDN,
 * not into library files, logs, IPC answers or events, not into error messages.
 */

const KEY = 'ks-SECRET-7f3a9c-DO-NOT-LEAK';
/** Every form the key could leak in: raw, base64 (e.g. a Basic header) and base64url. */
const KEY_FORMS = [
  ...new Set([
    KEY,
    Buffer.from(KEY).toString('base64'),
    Buffer.from(KEY).toString('base64url'),
    Buffer.from(`:${KEY}`).toString('base64'),
    Buffer.from(KEY).toString('hex'),
  ]),
];

const leaksIn = (text: string | Buffer) => {
  const haystack = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return KEY_FORMS.filter((form) => haystack.includes(form));
};

interface SentRequest {
  url: string;
  headers: Record<string, string>;
}

let stack: CoreStack;
let sent: SentRequest[];
let logs: string[];
let ipcAnswers: unknown[];
let events: unknown[];
const checked = { files: 0, logLines: 0, ipcAnswers: 0, cdnRequests: 0, apiRequests: 0 };

/** The core's fetch, recorded: what actually left the process, whatever the server saw. */
const recordingFetch: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  sent.push({ url, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
  return fetch(input, init);
};

function captureLogs(): void {
  const record =
    (stream: string) =>
    (...args: unknown[]) => {
      logs.push(`${stream}: ${args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ')}`);
    };
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(record(`console.${method}`));
  }
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logs.push(`${name}: ${Buffer.isBuffer(chunk) ? chunk.toString() : String(chunk)}`);
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
}

async function call(channel: string, payload: unknown = {}) {
  const result = await stack.dispatch(channel, payload);
  ipcAnswers.push({ channel, result });
  return result;
}

async function queueAndSettle(fields: Record<string, unknown> = {}): Promise<RenderManifest> {
  const queued = await call('render:queue', {
    image: FIXTURES.pngImage,
    prompt: 'the key must stay secret',
    ...fields,
  });
  if (!queued.ok) throw new Error(`render:queue failed: ${queued.error.message}`);
  await stack.core.engine.idle();
  const id = (queued.value as { id: string }).id;
  const got = await call('render:get', { id });
  if (!got.ok) throw new Error(`render:get failed: ${got.error.message}`);
  return got.value as RenderManifest;
}

/** Everything the key could have reached: files, logs, IPC, events, requests. */
async function expectNoLeakAnywhere(): Promise<void> {
  await stack.core.library.flush();
  for (const file of await listFiles(stack.home)) {
    expect(leaksIn(await readFile(join(stack.home, file))), file).toEqual([]);
    checked.files++;
  }
  for (const line of logs) expect(leaksIn(line), line).toEqual([]);
  checked.logLines += logs.length;
  for (const answer of ipcAnswers) expect(leaksIn(JSON.stringify(answer))).toEqual([]);
  checked.ipcAnswers += ipcAnswers.length;
  for (const event of events) expect(leaksIn(JSON.stringify(event))).toEqual([]);

  const apiOrigin = new URL(stack.emulator.apiBase).origin;
  for (const request of stack.emulator.requests) {
    if (request.origin === 'cdn') {
      expect(request.headers.authorization).toBeUndefined();
      expect(leaksIn(JSON.stringify(request))).toEqual([]);
      checked.cdnRequests++;
    } else {
      // Raw key, exactly: never "Bearer <key>", never anything else.
      expect(request.headers.authorization).toBe(KEY);
      expect(leaksIn(`${request.path} ${request.body ?? ''}`)).toEqual([]);
      checked.apiRequests++;
    }
  }
  for (const request of sent) {
    if (new URL(request.url).origin === apiOrigin) {
      expect(request.headers.authorization).toBe(KEY);
      expect(request.headers.authorization?.startsWith('Bearer')).toBe(false);
    } else {
      expect(leaksIn(JSON.stringify(request)), request.url).toEqual([]);
    }
  }
}

beforeEach(async () => {
  sent = [];
  logs = [];
  ipcAnswers = [];
  events = [];
  captureLogs();
  stack = await startCoreStack({ emulator: { apiKey: KEY }, fetch: recordingFetch });
  stack.core.subscribe('job:update', (view) => events.push(view));
  stack.core.subscribe('job:progress', (progress) => events.push(progress));
});
afterEach(async () => {
  await stack.close();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await recordCounts('keySafety', checked);
});

describe('key safety', () => {
  it('the search itself finds the key in each form, and the log capture works', () => {
    for (const form of KEY_FORMS) expect(leaksIn(`prefix ${form} suffix`)).toContain(form);
    console.info('capture check');
    process.stderr.write('stderr capture check\n');
    expect(logs).toEqual(['console.info: capture check', 'stderr: stderr capture check\n']);
  });

  it('a full run (batch 2) leaks the key nowhere; the API gets it raw, the CDN never', async () => {
    expect((await call('key:status')).ok).toBe(true);
    const set = await call('key:set', { key: KEY });
    expect(set).toEqual({ ok: true, value: { set: true, source: 'keychain', last4: 'LEAK' } });
    expect(await call('key:test')).toMatchObject({ ok: true, value: { ok: true } });
    await call('settings:get');
    await call('render:estimate', {
      image: 'https://images.example.com/cat.png',
      prompt: 'estimate me',
    });

    const done = await queueAndSettle({ batchCount: 2 });
    expect(done.state).toBe('done');
    expect(done.videos.filter((v) => v.file)).toHaveLength(2);
    await call('render:list', {});
    await call('library:info');
    await call('prompts:recent');
    await call('render:favourite', { id: done.id, favourite: true });
    await call('render:show-in-folder', { id: done.id });
    expect(await call('key:status')).toMatchObject({ ok: true, value: { last4: 'LEAK' } });

    expect(stack.emulator.requests.some((r) => r.origin === 'cdn')).toBe(true);
    await expectNoLeakAnywhere();
  });

  it('a 401 whose body echoes the key: the user sees no key', async () => {
    await call('key:set', { key: KEY });
    const echo = {
      success: false,
      error: { code: 40001, message: `Invalid API key ${KEY}`, retryable: false },
    };
    stack.emulator.inject({
      fault: { kind: 'status', status: 401, body: echo },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const failed = await queueAndSettle();
    expect(failed.state).toBe('failed');
    expect(failed.error?.kind).toBe('bad-key');

    stack.emulator.inject({ fault: { kind: 'status', status: 401, body: echo } });
    const test = await call('key:test');
    expect(test).toMatchObject({ ok: true, value: { ok: false } });
    await expectNoLeakAnywhere();
  });

  it('a server error that quotes the key, and the network going away: no key in messages', async () => {
    await call('key:set', { key: KEY });
    stack.emulator.inject({
      fault: {
        kind: 'status',
        status: 400,
        body: { code: 40000, msg: `bad parameter; your key ${KEY} was logged` },
      },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const rejected = await queueAndSettle();
    expect(rejected.error?.kind).toBe('invalid-input');
    expect(rejected.error?.message).toContain('[redacted]');

    await stack.emulator.goOffline();
    const offline = await queueAndSettle();
    expect(offline.state).toBe('failed');
    expect(offline.error?.kind).toBe('network');
    const test = await call('key:test');
    expect(test).toMatchObject({ ok: true, value: { ok: false } });
    await stack.emulator.goOnline();
    await expectNoLeakAnywhere();
  });
});

describe('a base URL that could carry the key elsewhere is refused before any request', () => {
  const REFUSED = [
    'https://evil.example.com/openapi',
    'http://openapi.weshop.ai/openapi',
    'https://openapi.weshop.ai.evil.com/openapi',
    'https://evil.com/openapi.weshop.ai',
    'https://user:pw@openapi.weshop.ai/openapi',
    'http://user@127.0.0.1:9/openapi',
    'http://10.0.0.1/openapi',
    'http://192.168.1.10/openapi',
    'http://127.0.0.1.nip.io/openapi',
    'ftp://127.0.0.1/openapi',
    'file:///etc/passwd',
    'not a url',
  ];

  it.each(REFUSED)('refuses %s', async (base) => {
    expect(() => resolveApiBase(base)).toThrowError(
      expect.objectContaining({ kind: 'refused-host' }),
    );
    const fetchSpy = vi.fn<typeof fetch>();
    const client = createWeShopClient({ apiBase: base, getKey: async () => KEY, fetch: fetchSpy });
    const attempts = [
      () => client.getRun('run-1'),
      () => client.uploadImage(FIXTURES.pngImage),
      () =>
        client.startRun(
          {
            image: FIXTURES.pngImage,
            prompt: 'p',
            agent: 'kling',
            model: 'Kling_3_0',
            duration: '5s',
            generateAudio: false,
            batchCount: 1,
          },
          ['https://cdn.example.com/a.png'],
          '9b2f6c1e-2d44-4a52-9a8e-0c7d1f1e2a3b',
        ),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isKlingError(error, 'refused-host')).toBe(true);
      expect(leaksIn((error as Error).message)).toEqual([]);
    }
    expect(await client.testKey()).toMatchObject({ ok: false });
    expect(fetchSpy).not.toHaveBeenCalled();
    const core = createCore({
      home: '/nonexistent-never-created',
      secrets: createSecretStore({ env: { WESHOP_API_KEY: KEY }, keychain: memoryKeychain() }),
      env: { WESHOP_API_BASE: base },
      mediaBase: 'kling-media://render',
      fetch: fetchSpy,
    });
    await expect(core).rejects.toMatchObject({ kind: 'refused-host' });
  });

  it.each([
    'https://openapi.weshop.ai/openapi',
    'http://127.0.0.1:4000/openapi',
    'http://localhost:4000/openapi',
    'http://[::1]:4000/openapi',
  ])('accepts %s', (base) => {
    expect(resolveApiBase(base)).toBe(base);
  });
});
