import { coreSaid, type MessageRef, type Said, saidParam } from '../../shared/core-messages';
import type { FetchLike } from '../engine/types';

/** Whether a video link still answers, and what to tell the person. */
export interface VideoProbe {
  ok: boolean;
  url: string;
  message: string;
  /** Which of the core's messages `message` is, so the app says it in its language. */
  messageRef?: MessageRef;
}

export interface VideoProbeDeps {
  /**
   * A plain fetch: this module never has the API key and sends no credentials, so a video's
   * host (a CDN, or anyone a link points at) never sees it. Default: the global fetch.
   */
  fetch?: FetchLike;
  /** The whole check (HEAD, then the Range GET) gives up after this long. Default 10 s. */
  timeoutMs?: number;
  /** Epoch milliseconds, to read a signed link's expiry. Default Date.now. */
  now?: () => number;
}

/** A probe's answer: the English words and their ref. */
const answer = (ok: boolean, url: string, said: Said): VideoProbe => ({
  ok,
  url,
  message: said.text,
  messageRef: said.ref,
});
/** Answers that mean the video is gone (or the link no longer lets anyone read it). */
const GONE = new Set([401, 403, 404, 410]);

const expired = (url: string, why: Said): VideoProbe =>
  answer(false, url, coreSaid('videoLinkExpired', { why: saidParam(why) }));

/**
 * When a signed link says it stops working (epoch ms), from the query parameters object
 * stores and CDNs sign with: Expires / x-oss-expires (epoch seconds), X-Amz-Date +
 * X-Amz-Expires and X-Goog-Date + X-Goog-Expires (start + seconds), se (an ISO date).
 */
export function signedExpiry(url: URL): number | null {
  const query = new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
  const epoch = query.get('expires') ?? query.get('x-oss-expires');
  if (epoch !== undefined && /^\d{9,11}$/.test(epoch)) return Number(epoch) * 1000;
  for (const vendor of ['amz', 'goog']) {
    const start = query.get(`x-${vendor}-date`);
    const seconds = query.get(`x-${vendor}-expires`);
    const begun = start && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(start);
    if (begun && seconds && /^\d+$/.test(seconds)) {
      const [, y, mo, d, h, mi, s] = begun.map(Number) as number[];
      return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s) + Number(seconds) * 1000;
    }
  }
  const se = query.get('se');
  if (se !== undefined && !Number.isNaN(Date.parse(se))) return Date.parse(se);
  return null;
}

/** One request with no credentials of any kind; the body, if any, is not read. */
async function ask(
  fetchFn: FetchLike,
  url: string,
  method: 'HEAD' | 'GET',
  signal: AbortSignal,
): Promise<number> {
  const response = await fetchFn(url, {
    method,
    // One byte is enough to know the file is there; nothing else is sent (no Authorization).
    headers: method === 'GET' ? { Range: 'bytes=0-0' } : {},
    credentials: 'omit',
    redirect: 'follow',
    signal,
  });
  // Frees the socket; a body that is already closed is what we wanted.
  await response.body?.cancel().catch(() => undefined);
  return response.status;
}

/**
 * Checks that a render's video link still answers, WITHOUT the API key: a HEAD, then (when a
 * host refuses HEAD, as signed GET links and some CDNs do) a one-byte Range GET. A signed link
 * whose expiry has passed is refused without a request. 401/403/404/410 mean the video is gone;
 * anything else that is not 2xx, or no answer in time, says so with the next step.
 */
export async function probeVideoUrl(url: string, deps: VideoProbeDeps = {}): Promise<VideoProbe> {
  const fetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = deps.timeoutMs ?? 10_000;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    return answer(false, url, coreSaid('videoNoWebLink', { url }));
  }
  const parsed = new URL(url);
  const until = signedExpiry(parsed);
  if (until !== null && until <= (deps.now ?? Date.now)()) {
    return expired(url, coreSaid('signedLinkRanOut', { at: new Date(until).toISOString() }));
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  try {
    status = await ask(fetchFn, url, 'HEAD', signal);
    if (status < 200 || status >= 300) status = await ask(fetchFn, url, 'GET', signal);
  } catch (error) {
    const why = signal.aborted
      ? saidParam(coreSaid('noAnswerWithin', { seconds: Math.round(timeoutMs / 100) / 10 }))
      : String((error as { cause?: { code?: unknown } }).cause?.code ?? error);
    return answer(false, url, coreSaid('videoUnreachable', { host: parsed.host, why }));
  }
  if (status >= 200 && status < 300) {
    return answer(true, url, coreSaid('videoLinkAnswers'));
  }
  if (GONE.has(status)) {
    return expired(url, coreSaid('hostAnswered', { host: parsed.host, status }));
  }
  return answer(false, url, coreSaid('videoNotHandedOut', { host: parsed.host, status }));
}
