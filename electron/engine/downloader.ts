import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { finished, type Readable } from 'node:stream';
import type { CoreMessageId, MessageParam, MessageParams } from '../../shared/core-messages';
import { coreError, errorParam, KlingError } from '../../shared/errors';
import type { Sleep } from '../../shared/sleep';
import { diskError, isDiskError, THEN_RETRY } from '../library/disk-errors';
import { PART_SUFFIX } from '../library/layout';
import { nodeHttpGet } from './http-get';
import type { HttpGet, HttpGetResponse } from './types';

export interface DownloadOptions {
  url: string;
  /** Final path; bytes go to `<dest>.part` until the whole file is there and verified. */
  dest: string;
  /**
   * Key-free GET: no Authorization header is ever added here or by it. Default: node:http(s)
   * with at most 6 connections per host (http-get.ts).
   */
  get?: HttpGet;
  sleep: Sleep;
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void;
  maxAttempts?: number;
  retryBaseMs?: number;
  progressIntervalMs?: number;
}

const MAX_RETRY_DELAY_MS = 8_000;

const sizeOf = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => 0,
  );
const removeFile = (path: string) => unlink(path).catch(() => undefined);

/** "cdn.example.com/…/a.mp4": enough to recognise, without a query string that may hold tokens. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}/…/${u.pathname.split('/').pop() ?? ''}`;
  } catch {
    return 'the video link';
  }
}

/** A quoted reason without its own full stop (the sentence around it goes on). */
function withoutFullStop(reason: MessageParam): MessageParam {
  if (typeof reason === 'number') return reason;
  if (typeof reason === 'string') return reason.replace(/\.$/, '');
  return { ...reason, text: reason.text.replace(/\.$/, '') };
}

function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const match = header && /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header.trim());
  if (!match) return null;
  return { start: Number(match[1]), total: match[3] === '*' ? null : Number(match[3]) };
}

function contentLength(response: HttpGetResponse): number | null {
  const value = response.header('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

const retryable = (id: CoreMessageId, params?: MessageParams, cause?: unknown) =>
  coreError('download-failed', id, params, { retryable: true, cause });

function httpError(status: number): KlingError {
  const transient = status === 408 || status === 429 || status >= 500;
  const id = status === 403 || status === 404 || status === 410 ? 'fileNotThere' : 'serverAnswered';
  return coreError('download-failed', id, { status }, { retryable: transient, status });
}

/**
 * Streams the response into the .part file with pipe() (backpressure is the stream's, so a
 * file is never held in memory; measured ~1.4× faster than awaiting each chunk's write).
 * After a broken connection what arrived is flushed, and the next attempt resumes from the
 * bytes that actually reached the disk (attemptOnce reads the .part size): nothing is trusted
 * twice.
 */
async function writeBody(
  response: HttpGetResponse,
  part: string,
  offset: number,
  options: DownloadOptions,
  total: number | null,
): Promise<void> {
  let received = offset;
  let lastReport = Number.NEGATIVE_INFINITY;
  const interval = options.progressIntervalMs ?? 250;
  const { onProgress, now } = options;
  // Counted on a 'data' listener, not a Transform: one stream step less per chunk.
  response.body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    const t = now();
    if (onProgress && t - lastReport >= interval) {
      lastReport = t;
      onProgress(received, total);
    }
  });
  // 1 MiB of buffered writes: the socket is paused less often than with 256 KiB (a bare
  // node:http → file pipeline went from ~250 to ~380 MiB/s here; the bench's end-to-end figure
  // is noisier, docs/benchmarks.md). Downloads share at most 6 connections per host
  // (http-get.ts), so one CDN host buffers at most ~6 MiB between them.
  const sink = createWriteStream(part, {
    flags: offset > 0 ? 'a' : 'w',
    highWaterMark: 1024 * 1024,
  });
  await keepWhatArrived(response.body, sink, options.signal);
}

/**
 * Pipes `source` into the .part file. Unlike pipeline(), a connection that breaks off does not
 * throw away the bytes that arrived but still wait in the write buffer: the file is ended
 * (flushed) first, then the error is thrown, so the next attempt resumes from all of them.
 * A cancel (signal) stops at once.
 */
function keepWhatArrived(
  source: Readable,
  sink: WriteStream,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failure: unknown;
    const stopReading = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      source.unpipe(sink);
      source.destroy();
      sink.end();
    };
    const onAbort = () => {
      failure ??= signal?.reason ?? new Error('aborted');
      source.destroy();
      sink.destroy();
    };
    if (signal?.aborted) {
      source.destroy();
      sink.destroy();
      reject(signal.reason);
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    // An error or a premature close (the socket went away without an error) both end here.
    finished(source, (error) => {
      if (error) stopReading(error);
    });
    sink.on('error', (error) => {
      failure ??= error;
      source.destroy();
    });
    sink.on('close', () => {
      signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else if (sink.writableFinished) resolve();
      else reject(new Error('the file was closed before the download was written'));
    });
    source.pipe(sink);
  });
}

async function attemptOnce(options: DownloadOptions, part: string): Promise<number> {
  const have = await sizeOf(part);
  // Only Range, never credentials: this request may go to any CDN host.
  const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
  const get = options.get ?? nodeHttpGet;
  const response = await get(options.url, {
    headers,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const discard = () => response.body.destroy();

  let offset = 0;
  let total: number | null;
  if (response.status === 206 && have > 0) {
    const range = parseContentRange(response.header('content-range'));
    if (!range || range.start !== have) {
      discard();
      await removeFile(part);
      throw retryable('otherPartSent');
    }
    offset = have;
    total = range.total;
  } else if (response.status === 200) {
    total = contentLength(response); // a 200 answer means the whole file again: restart from 0
  } else if (response.status === 416 && have > 0) {
    discard();
    await removeFile(part);
    throw retryable('partialMismatch');
  } else {
    discard();
    throw httpError(response.status);
  }
  if (total !== null && offset > total) {
    discard();
    await removeFile(part);
    throw retryable('partialTooLarge');
  }

  try {
    await writeBody(response, part, offset, options, total);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // A full disk or a folder we may not write is not a broken connection: say which.
    const disk = diskError(error, part, THEN_RETRY);
    if (isDiskError(disk)) throw disk;
    throw retryable('connectionBroke', undefined, error);
  }
  const size = await sizeOf(part);
  if (total !== null && size !== total) {
    if (size > total) await removeFile(part);
    throw retryable('receivedPart', { size, total });
  }
  options.onProgress?.(size, total ?? size);
  return size;
}

/**
 * Downloads one file resumably: an interrupted attempt leaves `<dest>.part`, the next asks
 * for the rest with Range (a 200 answer restarts from 0), the size is checked against
 * Content-Length / Content-Range, and only a complete file is renamed to `dest`.
 */
export async function downloadFile(options: DownloadOptions): Promise<{ bytes: number }> {
  const part = options.dest + PART_SUFFIX;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelay = options.retryBaseMs ?? 500;
  let lastError: KlingError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) {
      await options.sleep(
        Math.min(MAX_RETRY_DELAY_MS, baseDelay * 2 ** (attempt - 2)),
        options.signal,
      );
    }
    try {
      const bytes = await attemptOnce(options, part);
      await rename(part, options.dest);
      return { bytes };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const disk = diskError(error, options.dest, THEN_RETRY); // the rename into place
      const failure =
        error instanceof KlingError
          ? error
          : isDiskError(disk)
            ? disk
            : retryable('connectionFailed', undefined, error);
      if (!failure.retryable) {
        throw coreError(
          'download-failed',
          'couldNotDownload',
          { url: describeUrl(options.url), reason: withoutFullStop(errorParam(failure)) },
          failure.status === undefined ? {} : { status: failure.status },
        );
      }
      lastError = failure;
    }
  }
  throw coreError(
    'download-failed',
    'couldNotDownloadAfter',
    {
      url: describeUrl(options.url),
      attempts: maxAttempts,
      reason: lastError ? errorParam(lastError) : 'unknown error',
    },
    { retryable: true },
  );
}
