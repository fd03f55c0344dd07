import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/** One file sent as the only part of a multipart/form-data POST. */
export interface FileUpload {
  path: string;
  /** The form field, e.g. "image". */
  field: string;
  filename: string;
  contentType: string;
}

/**
 * Sends a file upload to url with exactly the headers given (the caller's Authorization
 * included) and resolves with the HTTP answer as a fetch Response. Never follows redirects.
 */
export type SendFile = (
  url: URL,
  init: { headers: Record<string, string>; upload: FileUpload; signal: AbortSignal },
) => Promise<Response>;

/** File bytes go out through one reused buffer of this size: no per-chunk garbage. */
const CHUNK_BYTES = 1024 * 1024;

/** A filename as browsers write it into Content-Disposition (WHATWG multipart encoding). */
function quoteFilename(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/** The bytes before and after the file, and the Content-Type naming their boundary. */
export function multipartFrame(upload: FileUpload, boundary = randomBytes(16).toString('hex')) {
  const marker = `----KlingStudio${boundary}`;
  const head = Buffer.from(
    `--${marker}\r\nContent-Disposition: form-data; name="${quoteFilename(upload.field)}"; filename="${quoteFilename(upload.filename)}"\r\nContent-Type: ${upload.contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${marker}--\r\n`, 'utf8');
  return { head, tail, contentType: `multipart/form-data; boundary=${marker}` };
}

/** Resolves once the chunk has been handed to the socket, so its buffer may be reused. */
function write(req: ClientRequest, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    req.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

async function sendBody(
  req: ClientRequest,
  path: string,
  size: number,
  frame: { head: Buffer; tail: Buffer },
): Promise<void> {
  const file = await open(path, 'r');
  try {
    await write(req, frame.head);
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size)));
    for (let sent = 0; sent < size; ) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - sent), sent);
      if (bytesRead === 0) throw new Error('the file got shorter while it was being sent');
      await write(req, buffer.subarray(0, bytesRead));
      sent += bytesRead;
    }
    await write(req, frame.tail);
    req.end();
  } finally {
    await file.close();
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
  }
  const status = res.statusCode ?? 0;
  const nullBody = NULL_BODY_STATUSES.has(status);
  if (nullBody) res.resume();
  const body = nullBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

/**
 * The default sender: node:http(s), the file read from disk into one reused 1 MiB buffer and
 * written with an exact Content-Length. fetch + FormData + openAsBlob did the same with several
 * times the CPU per byte (its web streams), which made uploads slower than curl's
 * (docs/benchmarks.md).
 */
export const sendFileOverHttp: SendFile = async (url, { headers, upload, signal }) => {
  const size = (await stat(upload.path)).size;
  const frame = multipartFrame(upload);
  return new Promise<Response>((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let answered = false;
    const req = request(url, {
      method: 'POST',
      headers: {
        ...headers,
        'Content-Type': frame.contentType,
        'Content-Length': String(frame.head.length + size + frame.tail.length),
      },
      signal,
    });
    req.once('response', (res) => {
      answered = true;
      try {
        resolve(toResponse(res));
      } catch (error) {
        res.destroy();
        reject(error);
      }
    });
    // on, not once: after an early answer, the unsent rest may fail more than once.
    req.on('error', reject);
    // A server may answer before reading everything (e.g. 413): then its answer stands.
    sendBody(req, upload.path, size, frame).catch((error: unknown) => {
      if (!answered) req.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
};

/**
 * The same upload through a fetch (FormData + openAsBlob), for clients built with an injected
 * fetch: tests that record or fault requests see the upload like any other call.
 */
export function sendFileThroughFetch(fetchFn: typeof fetch): SendFile {
  return async (url, { headers, upload, signal }) => {
    const form = new FormData();
    form.append(
      upload.field,
      await openAsBlob(upload.path, { type: upload.contentType }),
      upload.filename,
    );
    return fetchFn(url, { method: 'POST', headers, body: form, redirect: 'manual', signal });
  };
}
