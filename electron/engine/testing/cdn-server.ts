import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CdnRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

interface Cut {
  path: string;
  afterBytes: number;
  /** Keeps the connection open after the bytes are written until this settles. */
  holdUntil: (() => Promise<void>) | undefined;
}

/**
 * A tiny CDN stand-in on 127.0.0.1 for download tests: serves registered bytes, honours
 * `Range: bytes=a-`, records every request's headers, and can cut a response mid-body.
 */
export async function startTestCdn() {
  const files = new Map<string, Buffer>();
  const requests: CdnRequest[] = [];
  const cuts: Cut[] = [];
  let ignoreRange = false;
  let beforeResponse: ((request: CdnRequest) => void | Promise<void>) | null = null;

  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    const record = { path, headers: req.headers };
    requests.push(record);
    await beforeResponse?.(record);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (range && !ignoreRange) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Type': 'video/mp4',
        'Content-Length': body.length - start,
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
    } else {
      res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': body.length });
    }
    const slice = body.subarray(start);
    const cutIndex = cuts.findIndex((c) => c.path === path);
    if (cutIndex >= 0) {
      const [cut] = cuts.splice(cutIndex, 1);
      // end(), not destroy(): the bytes written so far arrive, then the connection closes early.
      res.write(slice.subarray(0, cut?.afterBytes ?? 0), async () => {
        await cut?.holdUntil?.();
        res.socket?.end();
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    requests,
    /** Serves bytes at path; returns the full URL. */
    add(path: string, bytes: Buffer): string {
      files.set(path, bytes);
      return base + path;
    },
    /**
     * The next response for path sends only afterBytes bytes of its body, then drops the
     * connection (after holdUntil settles, when given: lets a test cut only once the client
     * has written something, instead of racing it).
     */
    cutNext(path: string, afterBytes: number, holdUntil?: () => Promise<void>) {
      cuts.push({ path, afterBytes, holdUntil });
    },
    /** Answer every request with the whole file (200), as servers without Range support do. */
    setIgnoreRange(value: boolean) {
      ignoreRange = value;
    },
    onRequest(hook: ((request: CdnRequest) => void | Promise<void>) | null) {
      beforeResponse = hook;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type TestCdn = Awaited<ReturnType<typeof startTestCdn>>;

/** Deterministic, non-repeating-looking bytes of a given size. */
export function testBytes(size: number, seed = 1): Buffer {
  const buffer = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buffer[i] = x >>> 24;
  }
  return buffer;
}
