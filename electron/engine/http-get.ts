import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { coreError } from '../../shared/errors';
import type { FetchLike, HttpGet, HttpGetResponse } from './types';

export interface NodeHttpGetOptions {
  /** Connecting, waiting for headers, or a body that stops flowing for this long fails. Default 30 s. */
  idleTimeoutMs?: number;
  /** Redirects followed per request (http/https only). Default 5. */
  maxRedirects?: number;
  /**
   * Connections open at once to one host; more requests wait for a free one. Default 6, as
   * browsers do: 64 videos finishing together then download over 6 connections, which keeps
   * memory flat (every open connection holds its own read buffers) and does not look like
   * abuse to a CDN. Connections are kept alive and reused.
   */
  maxSocketsPerHost?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function fromIncoming(res: IncomingMessage): HttpGetResponse {
  return {
    status: res.statusCode ?? 0,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body: res,
  };
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

function getOnce(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  idleTimeoutMs: number,
  agents: Agents,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const request = secure ? httpsRequest : httpRequest;
    // The socket timeout covers connecting, the wait for headers and every gap in the body;
    // destroying the request after the headers also fails the body stream (its pipeline).
    const req = request(
      url,
      {
        method: 'GET',
        headers,
        agent: secure ? agents.https : agents.http,
        timeout: idleTimeoutMs,
        ...(signal ? { signal } : {}),
      },
      resolve,
    );
    req.on('timeout', () =>
      req.destroy(new Error(`the server sent nothing for ${Math.round(idleTimeoutMs / 1000)} s`)),
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * GET over node:http / node:https: no web-stream layer between the socket and the file, which
 * measured less memory per download than fetch (docs/benchmarks.md). Sends only
 * the headers given (never credentials), follows a bounded number of redirects to http(s)
 * URLs without adding any header, and gives up on a connection that goes quiet.
 */
export function createNodeHttpGet(options: NodeHttpGetOptions = {}): HttpGet {
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;
  // Idle kept-alive sockets are unref'd by the agent, so they never keep a CLI process alive.
  const shared = { keepAlive: true, maxSockets: options.maxSocketsPerHost ?? 6 };
  const agents: Agents = { http: new HttpAgent(shared), https: new HttpsAgent(shared) };
  return async (url, init) => {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') {
        throw coreError('download-failed', 'linkNotHttp', undefined, { retryable: false });
      }
      const res = await getOnce(current, { ...init.headers }, init.signal, idleTimeoutMs, agents);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return fromIncoming(res);
      res.resume();
      if (hop >= maxRedirects) {
        throw coreError(
          'download-failed',
          'tooManyRedirects',
          { max: maxRedirects },
          { retryable: false },
        );
      }
      current = new URL(location, current);
    }
  };
}

/** The default download transport. */
export const nodeHttpGet: HttpGet = createNodeHttpGet();

/** Adapts a plain, key-free fetch (tests that record or fault requests inject one). */
export function httpGetFromFetch(fetchFn: FetchLike): HttpGet {
  return async (url, init) => {
    const response = await fetchFn(url, {
      headers: init.headers,
      redirect: 'follow',
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: response.body
        ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
        : Readable.from([]),
    };
  };
}
