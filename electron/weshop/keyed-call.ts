import { KlingError, messageOf } from '../../shared/errors';
import { resolveApiBase } from './api-base';
import type { SendFile } from './file-upload';
import { type ApiCall, callApi, type FetchLike, type OnRequest } from './http';
import type { BeforeRequest } from './types';

/** One request of an operation; the key is added by the caller that made it. */
export type KeyedCall = (call: Omit<ApiCall, 'key'>) => Promise<unknown>;

/** Runs an operation's requests with the key, once the base and the key are known good. */
export type Keyed = <T>(work: (call: KeyedCall) => Promise<T>) => Promise<T>;

export interface KeyedCallerDeps {
  /** WESHOP_API_BASE as given (checked here with resolveApiBase; a refused one sends nothing). */
  apiBase: string;
  /** The key, read fresh for every operation so a key set in Settings applies at once. */
  getKey: () => Promise<string | null>;
  fetch: FetchLike;
  sendFile: SendFile;
  beforeRequest?: BeforeRequest | undefined;
  onRequest?: OnRequest | undefined;
}

const NO_KEY_MESSAGE =
  'No WeShop API key is set. Add one in Settings or set WESHOP_API_KEY (get a key at open.weshop.ai).';

/** Belt and braces: no message that leaves the client may contain the key, whatever the server echoed. */
function redact(error: unknown, key: string): unknown {
  if (!(error instanceof KlingError) || !key || !error.message.includes(key)) return error;
  return new KlingError(error.kind, error.message.split(key).join('[redacted]'), {
    retryable: error.retryable,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

/**
 * The client's one way to reach WeShop: the base is checked once (a refused one is re-thrown
 * by every operation before any request), the key is read per operation, each request waits
 * for the caller's gate (beforeRequest) and is numbered (the first is attempt 1, the rest are
 * retries of it, for the request log), and no error leaves with the key in its message.
 */
export function createKeyedCaller(deps: KeyedCallerDeps): Keyed {
  let apiBase: string | KlingError;
  try {
    apiBase = resolveApiBase(deps.apiBase);
  } catch (error) {
    apiBase = error instanceof KlingError ? error : new KlingError('refused-host', String(error));
  }

  /** The caller's gate before each request; whatever it throws becomes a KlingError. */
  async function waitForTurn(signal: AbortSignal | undefined, attempt: number): Promise<void> {
    if (deps.beforeRequest === undefined) return;
    try {
      await deps.beforeRequest(signal, attempt);
    } catch (error) {
      if (signal?.aborted) throw new KlingError('canceled', 'Canceled');
      if (error instanceof KlingError) throw error;
      throw new KlingError('internal', `The request was not sent: ${messageOf(error)}`);
    }
  }

  return async (work) => {
    if (apiBase instanceof KlingError) throw apiBase;
    const base = apiBase;
    const key = (await deps.getKey())?.trim();
    if (!key) throw new KlingError('no-key', NO_KEY_MESSAGE);
    let attempt = 0;
    try {
      return await work(async (c) => {
        attempt++;
        await waitForTurn(c.signal, attempt);
        return callApi(
          { apiBase: base, fetch: deps.fetch, sendFile: deps.sendFile, onRequest: deps.onRequest },
          { ...c, key, attempt },
        );
      });
    } catch (error) {
      throw redact(error, key);
    }
  };
}
