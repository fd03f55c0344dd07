import type { FetchLike } from './http';

/** One request as the fake fetch saw it. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  body: RequestInit['body'];
  redirect: RequestInit['redirect'];
  signal: AbortSignal | null | undefined;
}

export type Responder = (request: SeenRequest) => Response | Promise<Response>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** Never answers; rejects with the abort reason once the request's signal fires. */
export const hang: Responder = (request) =>
  new Promise<Response>((_resolve, reject) => {
    const signal = request.signal;
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** A connection refused before anything was sent, shaped like undici's error. */
export const refuseConnection: Responder = () => {
  throw Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
};

/** A connection reset after the request went out. */
export const resetConnection: Responder = () => {
  throw Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  });
};

/**
 * A fetch for unit tests (test helper, not used by the app): answers with the responders in
 * order (the last one repeats) and records every request. No network at all.
 */
export function fakeFetch(...responders: (Responder | Response)[]) {
  const seen: SeenRequest[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const request: SeenRequest = {
      url: input instanceof Request ? input.url : String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
      redirect: init.redirect,
      signal: init.signal,
    };
    seen.push(request);
    const responder = responders[Math.min(seen.length - 1, responders.length - 1)];
    if (!responder) throw new Error('fakeFetch has no responder');
    // A fixed Response is cloned, so it can answer again when it is the last one.
    return responder instanceof Response ? responder.clone() : responder(request);
  };
  return { fetch, seen };
}
