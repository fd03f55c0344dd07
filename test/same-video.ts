/**
 * "The same video" as Save video as… and the exports now promise it: the render's settings are
 * written into the MP4's metadata (electron/media/mp4-recipe.ts), so the file is no longer a
 * byte-equal copy, but every media sample is. Shared by the e2e specs and integration tests.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { childBoxes } from '../electron/media/mp4-boxes';
import { findJoinTools } from '../electron/storyboard/join-clips';

/** The payloads of an MP4's top-level `mdat` boxes, in file order: its media samples. */
function mediaData(bytes: Buffer): Buffer {
  const boxes = childBoxes(bytes, 0, bytes.length).filter((box) => box.type === 'mdat');
  return Buffer.concat(
    boxes.map((box) => bytes.subarray(box.start + box.headerSize, box.start + box.size)),
  );
}

/**
 * Every packet's checksum as ffmpeg reads them (stream copy: no decode, no encode), or null
 * where no ffmpeg is found (KLING_FFMPEG or PATH, as the storyboard join looks).
 */
async function packetChecksums(path: string): Promise<string | null> {
  const tools = await findJoinTools(process.env).catch((error: unknown) => {
    console.warn(`packet checksums skipped: ${String(error)}`);
    return null;
  });
  if (!tools) return null;
  const args = ['-v', 'error', '-i', path, '-map', '0', '-c', 'copy', '-f', 'framemd5', '-'];
  return execFileSync(tools.ffmpeg, args, { encoding: 'utf8' })
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');
}

/**
 * What makes `copy` the same video as `original`: the media data byte for byte, and (with
 * ffmpeg) every packet's checksum. The caller compares the two sides with its own `expect`.
 */
export async function videoFacts(path: string): Promise<{ media: Buffer; packets: string | null }> {
  return { media: mediaData(await readFile(path)), packets: await packetChecksums(path) };
}
