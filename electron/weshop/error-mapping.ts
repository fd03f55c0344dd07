import {
  actionParam,
  type CoreMessageId,
  coreSaid,
  type Said,
  saidParam,
} from '../../shared/core-messages';
import { type ErrorKind, KlingError } from '../../shared/errors';
import { ErrorBody } from '../../shared/weshop-api';
import { redactSecrets, type Secrets } from '../logging/redact';

/** Longest server text quoted in a message (HTML error pages can be huge). */
const MAX_SERVER_TEXT = 300;
/**
 * Longest Retry-After we honour (issue 9: up to 10 minutes); a longer ask is read as this. The
 * client's own retry loop waits only short ones and hands longer ones to its caller.
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

const KEY_CODE_MESSAGES: Readonly<Record<number, CoreMessageId>> = {
  40001: 'keyInvalid',
  40003: 'keyDisabled',
  40004: 'keyExpired',
};
const CREDIT_WORDS = /\b(power|credits?|balance)\b/i;
/** A refusal about the last frame ("Last frame is not supported", `lastFrame`, "tail frame"). */
const END_FRAME_WORDS = /\b(last|end|tail)[\s_-]?frames?\b/i;

export interface ServerError {
  code: number | undefined;
  message: string | undefined;
  retryable: boolean | undefined;
}

/**
 * Server text as we quote it: secrets removed FIRST, then cut to MAX_SERVER_TEXT. The other
 * order can cut a key in half, and half a key no longer matches what redaction looks for.
 */
export function quoteServerText(text: string, secrets: Secrets): string {
  return redactSecrets(text, secrets).slice(0, MAX_SERVER_TEXT);
}

/** Reads either error envelope; missing fields are undefined, never an error. */
export function readServerError(json: unknown, secrets?: Secrets): ServerError {
  const parsed = ErrorBody.safeParse(json);
  if (!parsed.success) return { code: undefined, message: undefined, retryable: undefined };
  const body = parsed.data;
  const rawCode = body.error?.code ?? body.code;
  const code = rawCode === undefined || rawCode === '' ? undefined : Number(rawCode);
  const message = body.error?.message ?? body.msg ?? body.message;
  return {
    code: Number.isFinite(code) ? code : undefined,
    message: message?.trim() ? quoteServerText(message.trim(), secrets) : undefined,
    retryable: body.error?.retryable,
  };
}

/** A 2xx body that still says it failed: `success:false`, an `error` object, or a 4xxxx/5xxxx code. */
export function isErrorEnvelope(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const body = json as Record<string, unknown>;
  if (body.success === false) return true;
  if (typeof body.error === 'object' && body.error !== null) return true;
  const code = Number(body.code);
  return Number.isFinite(code) && code >= 40000;
}

/** Retry-After as milliseconds (seconds or an HTTP date), capped; undefined when absent/invalid. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value?.trim()) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    // An HTTP date has a weekday and month name; Date.parse alone would take "-5" as a year.
    if (!/[a-z]{3}/i.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
}

/** Our words, then WeShop's own after a colon when it said anything. */
function withServerText(said: Said, server: string | undefined): Said {
  return server ? coreSaid('weshopSaid', { message: saidParam(said), server }) : said;
}

/** A KlingError from our words (English message, id and values together). */
const fromSaid = (kind: ErrorKind, said: Said, options: KlingErrorOptions) =>
  new KlingError(kind, said.text, { ...options, messageRef: said.ref });

type KlingErrorOptions = NonNullable<ConstructorParameters<typeof KlingError>[2]>;

export interface HttpFailure {
  status: number;
  /** The parsed JSON body, or undefined when it was not JSON. */
  json: unknown;
  retryAfter: string | null;
  /** What we were doing, e.g. "starting the run", for messages. */
  action: string;
  now?: number;
  /** The key the request carried: cut out of any server text quoted in the message. */
  secrets?: Secrets;
}

/** One table from (HTTP status, WeShop code, body) to a typed error. */
export function mapHttpError({
  status,
  json,
  retryAfter,
  action,
  now,
  secrets,
}: HttpFailure): KlingError {
  const server = readServerError(json, secrets);
  const { code } = server;
  const opts = { status };
  const doing = actionParam(action);

  const keyMessage = code !== undefined ? KEY_CODE_MESSAGES[code] : undefined;
  if (keyMessage || status === 401 || status === 403) {
    const said = keyMessage ? coreSaid(keyMessage) : coreSaid('keyRefused', { status });
    return fromSaid('bad-key', said, opts);
  }
  if (code === 40005) {
    return fromSaid('rate-limited', coreSaid('tooManyRuns'), {
      ...opts,
      retryable: true,
      retryAfterMs: parseRetryAfter(retryAfter, now),
    });
  }
  const mentionsCredits = CREDIT_WORDS.test(server.message ?? '');
  if (status === 402 || (status < 500 && mentionsCredits)) {
    const said = withServerText(coreSaid('notEnoughCredits'), server.message);
    return fromSaid('insufficient-credits', said, opts);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    const said =
      retryAfterMs === undefined
        ? coreSaid('rateLimited')
        : coreSaid('rateLimitedWait', { seconds: Math.ceil(retryAfterMs / 1000) });
    return fromSaid('rate-limited', said, { ...opts, retryable: true, retryAfterMs });
  }
  if (status >= 500 || (code !== undefined && code >= 50000 && code < 60000)) {
    const said = withServerText(coreSaid('serverError', { action: doing, status }), server.message);
    return fromSaid('server-error', said, {
      ...opts,
      retryable: server.retryable !== false,
      retryAfterMs: parseRetryAfter(retryAfter, now),
    });
  }
  if (status < 500 && server.message && END_FRAME_WORDS.test(server.message)) {
    // The catalogue says the model takes an end frame, WeShop says no: say which picture and
    // the way on, not only the API's words (which speak of "params.images" and "image 2").
    const said = coreSaid('endFrameRefused', { action: doing, server: server.message });
    return fromSaid('invalid-input', said, opts);
  }
  if (status === 404) {
    const said = withServerText(coreSaid('weshopNotFound', { action: doing }), server.message);
    return fromSaid('not-found', said, opts);
  }
  const said = withServerText(
    coreSaid('weshopRejected', { action: doing, status }),
    server.message,
  );
  return fromSaid('invalid-input', said, opts);
}

/** Connection-level failures that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True only when the failure proves the request was never delivered (e.g. connection refused). */
export function neverReachedServer(error: unknown): boolean {
  const code = causeCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * A fetch that threw (no HTTP answer). The message names only the host and an error code, and
 * the original error is not kept as `cause`: fetch's own messages can quote header values, and
 * one of those is the key.
 */
export function mapFetchFailure(error: unknown, host: string, action: string): KlingError {
  const code = causeCode(error);
  const doing = actionParam(action);
  const said = code
    ? coreSaid('unreachableCode', { host, action: doing, code })
    : coreSaid('unreachable', { host, action: doing });
  return fromSaid('network', said, { retryable: true });
}
