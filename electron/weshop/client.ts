import { basename } from 'node:path';
import { isKlingError, KlingError, messageOf } from '../../shared/errors';
import { sleep as realSleep, type Sleep } from '../../shared/sleep';
import {
  PollResponse,
  PowerEstimateResponse,
  readExecutionId,
  readRunSnapshot,
  readUploadedUrl,
  StartRunResponse,
  UploadResponse,
  WESHOP_PATHS,
} from '../../shared/weshop-api';
import { inspectImage } from '../images/inspect';
import { MIME_TYPES } from '../images/sniff';
import { type SendFile, sendFileOverHttp, sendFileThroughFetch } from './file-upload';
import { type FetchLike, type OnRequest, parseAnswer } from './http';
import { KEY_CHECK_PATH, KEY_WORKS, keyCheckResult } from './key-check';
import { createKeyedCaller } from './keyed-call';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry';
import { buildStartRunBody } from './run-body';
import type { BeforeRequest, StartedRun, WeShopApi } from './types';

// Re-exported: callers resolve WESHOP_API_BASE and build the client from one module.
export { resolveApiBase } from './api-base';

export interface WeShopClientDeps {
  /** WESHOP_API_BASE as given (checked here with resolveApiBase; a refused one sends nothing). */
  apiBase: string;
  /** The key, read fresh for every call so a key set in Settings applies at once. */
  getKey: () => Promise<string | null>;
  fetch?: FetchLike;
  /**
   * How image uploads are sent. Default: node:http(s) streaming from disk; with an injected
   * fetch (tests that record or fault requests), through that fetch.
   */
  sendFile?: SendFile;
  sleep?: Sleep;
  random?: () => number;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  /** Per upload, default 5 min (a 10 MB image on a slow uplink). */
  uploadTimeoutMs?: number;
  /** Retries after the first attempt for polls and uploads; default 4 (5 attempts). */
  maxRetries?: number;
  /** Backoff shape (base and cap of the jittered exponential delay, longest inline Retry-After). */
  retryPolicy?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Awaited before every request, retries included (see BeforeRequest in types.ts). */
  beforeRequest?: BeforeRequest;
  /** Told about every request sent (method, path, status, duration, attempt): the support log. */
  onRequest?: OnRequest;
  /** Told why a call that may fail quietly (the cost estimate) failed: the support log. */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

export { KEY_CHECK_PATH } from './key-check';

export function createWeShopClient(deps: WeShopClientDeps): WeShopApi {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const sendFile =
    deps.sendFile ?? (deps.fetch ? sendFileThroughFetch(deps.fetch) : sendFileOverHttp);
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? realSleep;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const uploadTimeoutMs = deps.uploadTimeoutMs ?? 5 * 60_000;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...deps.retryPolicy,
    maxRetries: deps.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
  };

  const keyed = createKeyedCaller({
    apiBase: deps.apiBase,
    getKey: deps.getKey,
    fetch: fetchImpl,
    sendFile,
    beforeRequest: deps.beforeRequest,
    onRequest: deps.onRequest,
  });

  const retrying = <T>(attempt: () => Promise<T>, signal?: AbortSignal) =>
    withRetries(attempt, { policy, sleep, random, signal });

  const api: WeShopApi = {
    async uploadImage(localPath, options = {}) {
      const image = await inspectImage(localPath);
      const action = 'uploading the image';
      return keyed(async (call) => {
        const json = await retrying(async () => {
          // Streamed from disk on every attempt, never held whole.
          return call({
            method: 'POST',
            path: WESHOP_PATHS.upload,
            action,
            upload: {
              path: localPath,
              field: 'image',
              filename: basename(localPath),
              contentType: MIME_TYPES[image.format],
            },
            timeoutMs: uploadTimeoutMs,
            signal: options.signal,
            repeatable: true,
          });
        }, options.signal);
        return readUploadedUrl(parseAnswer(UploadResponse, json, action));
      });
    },

    async startRun(request, imageUrls, idempotencyKey, options = {}) {
      const body = buildStartRunBody(request, imageUrls, options.taskName);
      if (!idempotencyKey.trim()) {
        throw new KlingError('invalid-input', 'A run needs an idempotency key (one per job)');
      }
      const action = 'starting the run';
      return keyed(async (call) => {
        const json = await call({
          method: 'POST',
          path: WESHOP_PATHS.runs,
          action,
          body: JSON.stringify(body),
          headers: { 'Idempotency-Key': idempotencyKey },
          timeoutMs,
          signal: options.signal,
          repeatable: false,
        });
        const answer = parseAnswer(StartRunResponse, json, action);
        const started: StartedRun = { executionId: readExecutionId(answer) };
        const { powerConsumption, powerBalanceAmount } = answer.data ?? {};
        if (powerConsumption !== undefined || powerBalanceAmount !== undefined) {
          started.credits = {};
          if (powerConsumption !== undefined) started.credits.powerConsumption = powerConsumption;
          if (powerBalanceAmount !== undefined)
            started.credits.powerBalanceAmount = powerBalanceAmount;
        }
        return started;
      });
    },

    async getRun(executionId, options = {}) {
      if (!executionId.trim()) throw new KlingError('invalid-input', 'No execution id to poll');
      const action = 'checking the run';
      return keyed(async (call) => {
        const json = await retrying(
          () =>
            call({
              method: 'GET',
              path: WESHOP_PATHS.run(executionId),
              action,
              timeoutMs,
              signal: options.signal,
              repeatable: true,
            }),
          options.signal,
        );
        return readRunSnapshot(parseAnswer(PollResponse, json, action));
      });
    },

    async estimatePower(request, imageUrls) {
      try {
        const body = buildStartRunBody(request, imageUrls);
        const action = 'estimating the cost';
        return await keyed(async (call) => {
          const json = await call({
            method: 'POST',
            path: WESHOP_PATHS.powerEstimates,
            action,
            body: JSON.stringify(body),
            timeoutMs,
            repeatable: true,
          });
          const { data } = parseAnswer(PowerEstimateResponse, json, action);
          return { totalPower: data.totalPower, notEnough: data.paidPowerNotEnough ?? false };
        });
      } catch (error) {
        // WeShop refused the request itself (a 4xx it explains): the start would be refused
        // the same way, so the caller says why (the estimator turns it into the reason).
        if (isKlingError(error, 'invalid-input') && error.status !== undefined) throw error;
        // Otherwise an estimate is a nicety: the run goes ahead without one (the screen says
        // "no estimate"), but why there is none goes to the log.
        deps.warn?.('No cost estimate from WeShop', { error: messageOf(error) });
        return null;
      }
    },

    async testKey() {
      try {
        await keyed((call) =>
          call({
            method: 'GET',
            path: KEY_CHECK_PATH,
            action: 'checking the key',
            timeoutMs,
            repeatable: true,
          }),
        );
        return { ...KEY_WORKS };
      } catch (error) {
        return keyCheckResult(error);
      }
    },
  };
  return api;
}
