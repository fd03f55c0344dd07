import { open } from 'node:fs/promises';

/** A byte range of the source [from, to), or bytes of our own. */
export type CopyPart = { from: number; to: number } | Uint8Array;

const CHUNK = 1024 * 1024;

/**
 * Writes `destination` from parts of `source` and new bytes, in order, through one buffer
 * (a video is never read whole). `exclusive` refuses an existing destination. A failed copy
 * removes nothing of the user's: with `exclusive` the file is new; otherwise the save dialog
 * already asked before replacing it.
 */
export async function copyRanges(
  source: string,
  destination: string,
  exclusive: boolean,
  parts: CopyPart[],
): Promise<void> {
  const input = await open(source, 'r');
  try {
    const output = await open(destination, exclusive ? 'wx' : 'w');
    try {
      const buffer = new Uint8Array(CHUNK);
      for (const part of parts) {
        if (part instanceof Uint8Array) {
          await output.write(part);
          continue;
        }
        for (let at = part.from; at < part.to; ) {
          const { bytesRead } = await input.read(buffer, 0, Math.min(CHUNK, part.to - at), at);
          if (bytesRead === 0) throw new Error(`${source} ended early (it changed while copied)`);
          await output.write(buffer.subarray(0, bytesRead));
          at += bytesRead;
        }
      }
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}
