import { execFile } from 'node:child_process';
import { access, constants, mkdir, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { coreError, KlingError } from '../../shared/errors';

const run = promisify(execFile);

const FFMPEG_MISSING =
  'ffmpeg is needed to take the last frame of a video and was not found: install it (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg) or set KLING_FFMPEG to its path';

/** An executable regular file (ffmpeg and ffprobe are looked up with it). */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** KLING_FFMPEG, else `ffmpeg` on the PATH; a clear error when there is none. */
export async function findFfmpeg(env: Record<string, string | undefined>): Promise<string> {
  if (env.KLING_FFMPEG) {
    if (await isExecutable(env.KLING_FFMPEG)) return env.KLING_FFMPEG;
    throw coreError('not-found', 'ffmpegNotExecutable', { path: env.KLING_FFMPEG });
  }
  const names = process.platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  throw new KlingError('not-found', FFMPEG_MISSING);
}

/**
 * Writes the video's last frame as a full-resolution PNG. Only the last second is decoded
 * (-sseof), and every decoded frame overwrites the output (-update 1): what is left is the
 * last one, whatever the frame rate or keyframe spacing.
 */
export async function extractLastFrame(ffmpeg: string, video: string, png: string): Promise<void> {
  await mkdir(dirname(png), { recursive: true });
  try {
    await run(
      ffmpeg,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-sseof',
        '-1',
        '-i',
        video,
        '-an',
        '-update',
        '1',
        '-pix_fmt',
        'rgb24',
        png,
      ],
      { timeout: 60_000, windowsHide: true },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')
      .at(-1);
    throw new KlingError(
      'internal',
      `ffmpeg could not take the last frame of ${video}${stderr ? `: ${stderr}` : ''}`,
    );
  }
  if (!(await stat(png).catch(() => null))?.size) {
    throw new KlingError('internal', `ffmpeg wrote no frame for ${video}`);
  }
}
