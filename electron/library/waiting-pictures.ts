import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import type { RenderManifest } from '../../shared/job';
import { IMAGE_LIMITS } from '../../shared/render-request';
import { sniffImageFormat } from '../images/sniff';
import { owedCopies } from './input-pictures';

/*
 * A render that waits for its start owes the copies of its input pictures (they are made once
 * the start has left, input-pictures.ts), so until then its folder holds no picture to show.
 * Its media URL is already the copy's (`/media/<id>/source.png`), and for that URL alone the
 * media handler serves the original the manifest records: the renderer never names a path,
 * only a render and the copy's file name, and the path comes from render.json, written by the
 * core after it checked the picture by content (docs/decisions/0003-media-protocol.md).
 */

/**
 * The original an owed copy will be made from, when `fileName` is that copy's name (source.png,
 * end-frame.jpg, image-2.webp): only while the copy is still owed ('pending'), only local PNG,
 * JPEG and WebP pictures (owedCopies), only the exact path the manifest records. Null for
 * anything else.
 */
export function waitingPicturePath(manifest: RenderManifest, fileName: string): string | null {
  return owedCopies(manifest).find((owed) => owed.file === fileName)?.image ?? null;
}

/** The first bytes say PNG, JPEG or WebP (sniff.ts): a renamed text file is never served. */
const HEAD_BYTES = 16;

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * Opens a waiting picture's original for reading, or null when it is not what was queued: a
 * regular file (never a FIFO, a device or a folder: checked before the open, which a FIFO would
 * block), at most the size Kling takes, a PNG, JPEG or WebP by content. The caller streams from
 * the handle it gets, so the file checked is the file served.
 */
export async function openWaitingPicture(
  path: string,
): Promise<{ handle: FileHandle; size: number } | null> {
  const before = await stat(path).catch(() => null);
  if (!before?.isFile() || before.size > IMAGE_LIMITS.maxBytes) return null;
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null; // gone or unreadable since the stat: nothing to show
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || !sameFile(before, info) || info.size > IMAGE_LIMITS.maxBytes) {
      await handle.close();
      return null;
    }
    const head = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    if (sniffImageFormat(head.subarray(0, bytesRead)).kind !== 'accepted') {
      await handle.close();
      return null;
    }
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
