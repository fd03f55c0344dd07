import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Decodes an image or every frame of a video to raw RGB24 with ffmpeg (tests only). */
export async function decodeRgb(
  ffmpeg: string,
  input: string,
): Promise<{ width: number; height: number; frames: Buffer[] }> {
  const probe = await run(ffmpeg, ['-hide_banner', '-i', input], { encoding: 'utf8' }).catch(
    (error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }),
  );
  const size = /, (\d{2,5})x(\d{2,5})[, ]/.exec(probe.stderr);
  if (!size) throw new Error(`could not read the size of ${input}`);
  const width = Number(size[1]);
  const height = Number(size[2]);
  const { stdout } = await run(
    ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-i', input, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
  );
  const frameBytes = width * height * 3;
  const frames: Buffer[] = [];
  for (let at = 0; at + frameBytes <= stdout.length; at += frameBytes) {
    frames.push(stdout.subarray(at, at + frameBytes));
  }
  return { width, height, frames };
}

/** Mean absolute difference per channel (0–255) of two same-size RGB24 frames. */
export function meanDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}
