import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageOf } from '../../shared/errors';
import { type ApiState, handleApi } from './api-routes';
import { CdnAssets, serveCdn } from './cdn';
import { damageFor, replacementFor, reshapePollAnswer, writeApiReply } from './fault-answers';
import { FaultBook } from './faults';
import {
  BodyTooLargeError,
  errorReply,
  headerRecord,
  listen,
  readBody,
  shutDown,
} from './http-util';
import { describeRun, linkEpochOf, RunBook } from './runs';
import type {
  AcceptedRun,
  Emulator,
  EmulatorOptions,
  Fault,
  RecordedRequest,
  RunTimings,
} from './types';
import { describeForm, isMultipart, parseMultipart } from './upload';

export const DEFAULT_API_KEY = 'emulator-key-0000';
export const DEFAULT_TIMINGS: RunTimings = { pendingMs: 150, segmentingMs: 150, runningMs: 300 };
/** Uploads are images (Kling takes up to 10 MB); anything far larger is a client bug. */
const API_BODY_LIMIT = 32 * 1024 * 1024;

/** The Emulator with the optional extras of types.ts always present. */
export type RunningEmulator = Emulator &
  Required<Pick<Emulator, 'startAttemptsByIdempotencyKey' | 'runCount' | 'powerBalance'>> & {
    /** Every run created, oldest first, with the agent, raw body and params of its start. */
    createdRuns(): AcceptedRun[];
  };

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  let timings: RunTimings = { ...DEFAULT_TIMINGS, ...options.timings };
  const runs = new RunBook();
  const faults = new FaultBook();
  const resultsPerExecution = Math.max(1, Math.floor(options.resultsPerExecution ?? 4));
  const assets = new CdnAssets(runs, resultsPerExecution, options.videoFixtures);
  const requests: RecordedRequest[] = [];
  // Aborted by close(): ends the waits of `slow` faults so nothing outlives the emulator.
  const lifetime = new AbortController();

  const apiServer = createServer((req, res) => void answerApi(req, res));
  const cdnServer = createServer((req, res) => void answerCdn(req, res));
  const apiPort = await listen(apiServer, options.apiPort ?? 0);
  const cdnPort = await listen(cdnServer, options.cdnPort ?? 0).catch(async (error: unknown) => {
    await shutDown(apiServer);
    throw error;
  });
  const apiBase = `http://127.0.0.1:${apiPort}/openapi`;
  const cdnBase = `http://127.0.0.1:${cdnPort}`;

  const state: ApiState = {
    apiKey,
    cdnBase,
    runs,
    faults,
    assets,
    now: options.now ?? Date.now,
    timings: () => timings,
    resultsPerExecution,
    power: { balance: options.powerBalance ?? 1_000_000 },
    honourIdempotencyKey: options.honourIdempotencyKey ?? true,
    links: { epoch: 1, expiredStatus: 404 },
    lastFrames: options.lastFrames === true,
  };

  function record(
    origin: 'api' | 'cdn',
    req: IncomingMessage,
    res: ServerResponse,
  ): RecordedRequest {
    const entry = {
      origin,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: headerRecord(req),
      at: Date.now(),
    } as RecordedRequest;
    // Live: 0 until the status line is sent (a hung request stays 0), then the real status,
    // so a test that has just received the response already sees it here.
    Object.defineProperty(entry, 'status', {
      enumerable: true,
      configurable: true,
      get: () => (res.headersSent ? res.statusCode : 0),
    });
    // Once the exchange is over the value can't change: freeze it into a plain field.
    res.once('close', () => {
      const status = res.headersSent ? res.statusCode : 0;
      Object.defineProperty(entry, 'status', { value: status, enumerable: true, writable: true });
    });
    requests.push(entry);
    res.on('error', () => {
      // The client hung up; nothing to tell it.
    });
    return entry;
  }

  /** Waits out a `slow` fault (or until its `until` aborts); false when the emulator closed. */
  async function waitIfSlow(fault: Fault | undefined): Promise<boolean> {
    if (fault?.kind !== 'slow') return true;
    const signal = fault.until ? AbortSignal.any([lifetime.signal, fault.until]) : lifetime.signal;
    try {
      await sleep(fault.delayMs, undefined, { signal });
    } catch {
      // Released early by `until`, or ended by close().
    }
    return !lifetime.signal.aborted;
  }

  /** The status a video/poster/last-frame URL of an older link epoch is refused with (expired-link). */
  function expiredLinkStatus(path: string): number | undefined {
    if (!/^\/(videos|posters|lastframes)\//.test(path)) return undefined;
    const epoch = linkEpochOf(path);
    if (epoch === undefined || epoch > state.links.epoch) return 404;
    return epoch < state.links.epoch ? state.links.expiredStatus : undefined;
  }

  async function answerApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry = record('api', req, res);
    const method = entry.method;
    const fault = faults.take('api', method, entry.path);
    try {
      let body: Buffer;
      try {
        body = await readBody(req, API_BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          await writeApiReply(res, errorReply(413, 40000, 'request body is too large'), undefined);
          res.once('finish', () => req.destroy());
        }
        return;
      }
      const contentType = req.headers['content-type'];
      let form: FormData | undefined;
      if (isMultipart(contentType)) {
        form = await parseMultipart(contentType ?? '', body);
        entry.body = form ? describeForm(form) : `multipart (unparseable) ${body.length} bytes`;
      } else if (body.length > 0) {
        const textual = contentType === undefined || /json|^text\//i.test(contentType);
        entry.body = textual ? body.toString('utf8') : `${contentType} ${body.length} bytes`;
      }

      const replacement = replacementFor(fault, state.now());
      if (replacement) {
        await writeApiReply(res, replacement, undefined);
        return;
      }
      if (!(await waitIfSlow(fault))) return;
      // A hang still processes the request (a start creates its run): the answer is what's lost.
      const handled = await handleApi(state, {
        method,
        path: entry.path,
        headers: entry.headers,
        body,
        ...(form ? { form } : {}),
      });
      if (fault?.kind === 'hang') return;
      const answer =
        fault?.kind === 'poll-envelope' ? reshapePollAnswer(handled, fault.variant) : handled;
      await writeApiReply(res, answer, fault);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        const message = `emulator bug: ${messageOf(error)}`;
        await writeApiReply(res, errorReply(500, 50001, message, true), undefined);
      }
    }
  }

  async function answerCdn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry = record('cdn', req, res);
    const fault = faults.take('cdn', entry.method, entry.path);
    try {
      req.resume();
      const replacement = replacementFor(fault, state.now());
      if (replacement) {
        await writeApiReply(res, replacement, undefined);
        return;
      }
      const expired = expiredLinkStatus(entry.path);
      if (expired !== undefined) {
        res.writeHead(expired, { 'content-type': 'text/plain; charset=utf-8' }).end('link expired');
        return;
      }
      if (!(await waitIfSlow(fault))) return;
      if (fault?.kind === 'hang') return;
      await serveCdn(req, res, await assets.resolve(entry.path), damageFor(fault));
    } catch {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end('emulator error');
    }
  }

  let closed = false;
  const bothServers: Server[] = [apiServer, cdnServer];

  return {
    apiBase,
    cdnBase,
    apiKey,
    requests,
    inject(rule) {
      // Link expiry is a change of state, not a per-request fault: every URL handed out so
      // far stops working at once, and polls hand out fresh ones from now on.
      if (rule.fault.kind === 'expired-link') {
        state.links.epoch += 1;
        state.links.expiredStatus = rule.fault.status;
        return;
      }
      faults.add(rule);
    },
    clearFaults: () => faults.clear(),
    setTimings: (next) => {
      timings = { ...timings, ...next };
    },
    startsByIdempotencyKey: () => new Map(runs.startsByKey),
    startAttemptsByIdempotencyKey: () => new Map(runs.attemptsByKey),
    runCount: () => runs.size,
    createdRuns: () => runs.all().map((run) => describeRun(run, resultsPerExecution)),
    powerBalance: () => state.power.balance,
    async videoBytes(url) {
      const parsed = new URL(url);
      const asset = parsed.origin === cdnBase ? await assets.resolve(parsed.pathname) : undefined;
      if (asset === undefined) throw new Error(`the emulator's CDN does not serve ${url}`);
      return asset.readAll();
    },
    addSyntheticVideo: (bytes) => `${cdnBase}${assets.addSynthetic(bytes)}`,
    async goOffline() {
      await Promise.all(bothServers.map(shutDown));
    },
    async goOnline() {
      if (closed) throw new Error('the emulator is closed');
      if (!apiServer.listening) await listen(apiServer, apiPort);
      if (!cdnServer.listening) await listen(cdnServer, cdnPort);
    },
    async close() {
      closed = true;
      lifetime.abort();
      await Promise.all(bothServers.map(shutDown));
    },
  };
}
