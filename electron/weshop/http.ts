import type { z } from 'zod';
import { actionParam } from '../../shared/core-messages';
import { coreError, type ErrorKind, errorParam, KlingError } from '../../shared/errors';
import { describeIssues } from '../../shared/render-request';
import { containsSecret, redactJson } from '../logging/redact';
import { apiUrl } from './api-base';
import {
  isErrorEnvelope,
  mapFetchFailure,
  mapHttpError,
  neverReachedServer,
} from './error-mapping';
import type { FileUpload, SendFile } from './file-upload';

export type FetchLike = typeof fetch;

export interface ApiCall {
  method: 'GET' | 'POST';
  /** A path under the API base, e.g. /agent/runs. */
  path: string;
  key: string;
  /** What we were doing, for messages: "starting the run". */
  action: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** A JSON body… */
  body?: string;
  /** …or a file, sent as multipart/form-data through the transport's sendFile. */
  upload?: FileUpload;
  headers?: Record<string, string>;
  /** 1 for the first try of an operation, 2 for its first retry…; for the request log. */
  attempt?: number;
  /**
   * False for requests that must not be repeated blindly (starting a run spends credits):
   * failures after which the server may have acted come back with retryable:false.
   */
  repeatable: boolean;
}

/** One request as the support log records it: never a header, a body or a query string. */
export interface RequestRecord {
  method: 'GET' | 'POST';
  /** The path under the API base, without any query string. */
  path: string;
  /** The HTTP status, or null when no answer came (network failure, timeout, cancel). */
  status: number | null;
  /** Measured on a monotonic clock. */
  durationMs: number;
  attempt: number;
  /** 'ok', or the kind of error the call ended with. */
  outcome: 'ok' | ErrorKind;
}

/** Told about every request that was sent; must not throw (a throw is reported as a warning). */
export type OnRequest = (record: RequestRecord) => void;

export interface Transport {
  apiBase: string;
  fetch: FetchLike;
  sendFile: SendFile;
  onRequest?: OnRequest | undefined;
  /** Monotonic milliseconds for durations; performance.now by default. */
  now?: () => number;
}

/** Visible ASCII only: anything else cannot go in a header (and fetch would quote it in an error). */
const SENDABLE_KEY = /^[\x21-\x7e]+$/;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function noRepeat(error: KlingError): KlingError {
  return coreError(
    error.kind,
    'maybeStarted',
    { message: errorParam(error) },
    { retryable: false, ...(error.status === undefined ? {} : { status: error.status }) },
  );
}

/**
 * One request to the WeShop API with the key attached: origin re-checked first, redirects
 * never followed, a timeout on the whole exchange, the caller's signal honoured. Returns the
 * JSON body of a 2xx answer with any echo of the key redacted (so it cannot reach a manifest);
 * every failure is a typed KlingError. Every request sent is reported to transport.onRequest.
 */
export async function callApi(transport: Transport, call: ApiCall): Promise<unknown> {
  const now = transport.now ?? (() => performance.now());
  let sentAt: number | null = null;
  let status: number | null = null;
  const report = (outcome: RequestRecord['outcome']) => {
    if (sentAt === null || !transport.onRequest) return;
    const record: RequestRecord = {
      method: call.method,
      path: call.path.split('?')[0] ?? call.path,
      status,
      durationMs: Math.round(now() - sentAt),
      attempt: call.attempt ?? 1,
      outcome,
    };
    try {
      transport.onRequest(record);
    } catch (error) {
      // A broken log must not turn a good answer into a failure; it is still said out loud.
      process.emitWarning(`The request log failed: ${String(error)}`);
    }
  };
  try {
    const value = await exchange(transport, call, {
      sending: () => {
        sentAt = now();
      },
      answered: (code) => {
        status = code;
      },
    });
    report('ok');
    return value;
  } catch (error) {
    report(error instanceof KlingError ? error.kind : 'internal');
    throw error;
  }
}

async function exchange(
  transport: Transport,
  call: ApiCall,
  track: { sending(): void; answered(status: number): void },
): Promise<unknown> {
  const url = apiUrl(transport.apiBase, call.path);
  if (!SENDABLE_KEY.test(call.key)) {
    throw new KlingError(
      'bad-key',
      'The saved API key contains characters that cannot be sent (spaces or non-ASCII). Set it again in Settings.',
    );
  }
  if (call.signal?.aborted) throw new KlingError('canceled', 'Canceled');
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;

  const failed = (error: unknown): KlingError => {
    if (call.signal?.aborted) return new KlingError('canceled', 'Canceled');
    if (timeout.aborted) {
      const limit =
        call.timeoutMs >= 1000
          ? `${+(call.timeoutMs / 1000).toFixed(1)} s`
          : `${call.timeoutMs} ms`;
      const timedOut = coreError(
        'timeout',
        'noAnswer',
        { limit, action: actionParam(call.action) },
        { retryable: true },
      );
      return call.repeatable ? timedOut : noRepeat(timedOut);
    }
    const network = mapFetchFailure(error, url.host, call.action);
    return call.repeatable || neverReachedServer(error) ? network : noRepeat(network);
  };

  const headers: Record<string, string> = {
    Authorization: call.key,
    Accept: 'application/json',
    ...call.headers,
  };
  if (typeof call.body === 'string') headers['Content-Type'] = 'application/json';

  let response: Response;
  let text: string;
  track.sending();
  try {
    response = call.upload
      ? await transport.sendFile(url, { headers, upload: call.upload, signal })
      : await transport.fetch(url, {
          method: call.method,
          headers,
          body: call.body ?? null,
          redirect: 'manual',
          signal,
        });
    track.answered(response.status);
    if (response.status >= 300 && response.status < 400) {
      // Only to free the socket: the body of a redirect we refuse is never read, and a cancel
      // that fails means the stream is already closed, which is what we wanted.
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const target =
        location && URL.canParse(location, url.href) ? new URL(location, url).host : null;
      throw new KlingError(
        'refused-host',
        `WeShop answered with a redirect (HTTP ${response.status}) to ${target ?? 'an unnamed place'}; Kling Studio never follows redirects with your API key`,
        { status: response.status },
      );
    }
    text = await response.text();
  } catch (error) {
    if (error instanceof KlingError) throw error;
    throw failed(error);
  }

  const json = text.trim() ? parseJson(text) : { ok: true as const, value: undefined };
  if (!response.ok || (json.ok && isErrorEnvelope(json.value))) {
    const error = mapHttpError({
      status: response.status,
      json: json.ok ? json.value : undefined,
      retryAfter: response.headers.get('retry-after'),
      action: call.action,
      secrets: call.key,
      ...answerClock(response),
    });
    throw call.repeatable || error.kind !== 'server-error' ? error : noRepeat(error);
  }
  if (!json.ok) {
    throw coreError(
      'invalid-response',
      'notJson',
      { action: actionParam(call.action), status: response.status },
      { status: response.status, retryable: false },
    );
  }
  // A key the server echoed (in a failure reason, say) goes no further than this function.
  return containsSecret(text, call.key) ? redactJson(json.value, call.key) : json.value;
}

/**
 * The answer's own Date header as the "now" a Retry-After date is measured against: the
 * server's clock and ours may disagree, and the wait it asks for is relative to its clock.
 */
function answerClock(response: Response): { now?: number } {
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isNaN(date) ? {} : { now: date };
}

/** A 2xx body checked against its schema; a mismatch names the fields that were wrong. */
export function parseAnswer<S extends z.ZodType>(
  schema: S,
  json: unknown,
  action: string,
): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new KlingError(
    'invalid-response',
    `WeShop's answer while ${action} did not match what Kling Studio expects: ${describeIssues(parsed.error)}`,
    { retryable: false },
  );
}
