import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Ways a body can be broken on the wire (the cut-download and wrong-content-length faults). */
export type Damage =
  | { kind: 'cut-download'; afterBytes: number }
  | { kind: 'wrong-content-length' };

export interface Delivery {
  status: number;
  headers: Record<string, string>;
  /** The body's real length. */
  length: number;
  /** Opens the body; null for HEAD (headers only). */
  open: (() => Readable) | null;
  damage?: Damage;
}

/**
 * Writes a response with its Content-Length and streams the body. With damage it announces the
 * real (or an inflated) length, sends fewer bytes, then hangs up so the client sees a short body.
 */
export async function deliver(res: ServerResponse, delivery: Delivery): Promise<void> {
  const { status, headers, length, open, damage } = delivery;
  const announced =
    damage?.kind === 'wrong-content-length' ? length + Math.max(1024, length) : length;
  res.writeHead(status, { ...headers, 'content-length': String(announced) });
  if (open === null) {
    res.end();
    return;
  }
  if (damage === undefined) {
    await pipeline(open(), res).catch(() => {
      // The client went away mid-body: nothing to do, the socket is gone.
    });
    return;
  }
  res.flushHeaders();
  const limit = damage.kind === 'cut-download' ? Math.min(damage.afterBytes, length) : length;
  const source = open();
  let sent = 0;
  try {
    for await (const chunk of source) {
      if (sent >= limit || res.destroyed) break;
      const piece = (chunk as Buffer).subarray(0, limit - sent);
      sent += piece.length;
      if (!res.write(piece)) await drainedOrClosed(res);
    }
  } finally {
    source.destroy();
  }
  hangUp(res);
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Flushes what was written, then closes the connection under the half-sent response. */
function hangUp(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  socket.end();
  socket.once('finish', () => socket.destroy());
}
