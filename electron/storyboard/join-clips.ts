import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  CORE_MESSAGES,
  coreSaid,
  type MessageParam,
  type Said,
  saidParam,
} from '../../shared/core-messages';
import { coreError } from '../../shared/errors';
import { findFfmpeg, isExecutable } from '../continue/last-frame';

const run = promisify(execFile);

/** What a person reads when no ffmpeg is there to join with. */
export const JOIN_NEEDS_FFMPEG = CORE_MESSAGES.joinNeedsFfmpeg;

export interface JoinTools {
  ffmpeg: string;
  ffprobe: string;
}

/**
 * ffmpeg (KLING_FFMPEG, else the PATH) and its ffprobe (beside it, else the PATH); a
 * not-found KlingError saying how to get them, or to export the clips one by one.
 */
export async function findJoinTools(env: Record<string, string | undefined>): Promise<JoinTools> {
  let ffmpeg: string;
  try {
    ffmpeg = await findFfmpeg(env);
  } catch (error) {
    if (env.KLING_FFMPEG) throw error;
    throw coreError('not-found', 'joinNeedsFfmpeg');
  }
  const name = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe';
  const dirs = [dirname(ffmpeg), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    if (await isExecutable(join(dir, name))) return { ffmpeg, ffprobe: join(dir, name) };
  }
  throw coreError('not-found', 'joinNeedsFfprobe', { ffmpeg });
}

/** What decides whether clips can be joined without re-encoding. */
export interface ClipFacts {
  video: {
    codec: string;
    width: number;
    height: number;
    timeBase: string;
    pixFmt: string;
    rate: string;
  } | null;
  audio: { codec: string; sampleRate: string; channels: number } | null;
  /** Seconds. */
  duration: number;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  time_base?: string;
  pix_fmt?: string;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
}

export async function probeClip(ffprobe: string, file: string): Promise<ClipFacts> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      ffprobe,
      [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_type,codec_name,width,height,time_base,pix_fmt,r_frame_rate,sample_rate,channels:format=duration',
        '-of',
        'json',
        file,
      ],
      { timeout: 30_000, windowsHide: true },
    ));
  } catch (error) {
    throw coreError('internal', 'ffprobeFailed', { file, reason: lastLine(error) });
  }
  const parsed = JSON.parse(stdout) as { streams?: ProbeStream[]; format?: { duration?: string } };
  const streams = parsed.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    video: v
      ? {
          codec: v.codec_name ?? '?',
          width: v.width ?? 0,
          height: v.height ?? 0,
          timeBase: v.time_base ?? '?',
          pixFmt: v.pix_fmt ?? '?',
          rate: v.r_frame_rate ?? '?',
        }
      : null,
    audio: a
      ? { codec: a.codec_name ?? '?', sampleRate: a.sample_rate ?? '?', channels: a.channels ?? 0 }
      : null,
    duration: Number(parsed.format?.duration ?? 0),
  };
}

const describeVideo = (f: ClipFacts): MessageParam =>
  f.video
    ? `${f.video.codec} ${f.video.width}x${f.video.height}, timebase ${f.video.timeBase}, ${f.video.pixFmt}`
    : saidParam(coreSaid('clipNoVideo'));
const describeAudio = (f: ClipFacts): MessageParam =>
  f.audio
    ? `${f.audio.codec} ${f.audio.sampleRate} Hz, ${f.audio.channels} ch`
    : saidParam(coreSaid('clipNoAudio'));
/** A description's English, to compare two clips by. */
const english = (value: MessageParam) => (typeof value === 'object' ? value.text : String(value));

/** Why the clips cannot be joined as they are ("clip 2 is h264 480x360… while clip 1 is …"), or null. */
export function clipsMismatch(facts: readonly ClipFacts[]): Said | null {
  const first = facts[0];
  if (!first) return null;
  for (const [i, f] of facts.entries()) {
    const number = i + 1;
    if (!f.video) return coreSaid('clipNoVideoStream', { number });
    const [video, firstVideo] = [describeVideo(f), describeVideo(first)];
    if (english(video) !== english(firstVideo))
      return coreSaid('clipVideoDiffers', { number, video, first: firstVideo });
    const [audio, firstAudio] = [describeAudio(f), describeAudio(first)];
    if (english(audio) !== english(firstAudio))
      return coreSaid('clipAudioDiffers', { number, audio, first: firstAudio });
  }
  return null;
}

function lastLine(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
  return stderr.split('\n').at(-1) || String((error as Error).message ?? error);
}

/** The concat demuxer's list: one `file '…'` line per clip (a quote inside is '\''). */
const concatList = (clips: readonly string[]) =>
  clips.map((clip) => `file '${clip.replaceAll("'", "'\\''")}'\n`).join('');

/** Scales and pads every clip to the first one's frame and rate, then concatenates (re-encoded). */
function reencodeArgs(
  clips: readonly string[],
  facts: readonly ClipFacts[],
  out: string,
): string[] {
  const v = facts[0]?.video as NonNullable<ClipFacts['video']>;
  const withAudio = facts.every((f) => f.audio);
  const chains = clips.map(
    (_, i) =>
      `[${i}:v]scale=${v.width}:${v.height}:force_original_aspect_ratio=decrease,pad=${v.width}:${v.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${v.rate},format=yuv420p[v${i}]` +
      (withAudio ? `;[${i}:a]aresample=48000[a${i}]` : ''),
  );
  const inputs = clips.map((_, i) => (withAudio ? `[v${i}][a${i}]` : `[v${i}]`)).join('');
  const graph = `${chains.join(';')};${inputs}concat=n=${clips.length}:v=1:a=${withAudio ? 1 : 0}[v]${withAudio ? '[a]' : ''}`;
  return [
    ...clips.flatMap((clip) => ['-i', clip]),
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    ...(withAudio ? ['-map', '[a]', '-c:a', 'aac'] : []),
    '-c:v',
    'libx264',
    '-crf',
    '18',
    '-preset',
    'veryfast',
    '-movflags',
    '+faststart',
    out,
  ];
}

export interface JoinResult {
  file: string;
  reencoded: boolean;
  /** Why it was re-encoded (the clips did not match), else undefined. */
  mismatch?: Said;
}

/**
 * Joins MP4 clips in order into `<folder>/<baseName>.mp4` (or -2, -3… when that name is
 * taken: a user's file is never replaced). Clips that match (codec, size, timebase, pixel
 * format, audio) are remuxed (`-f concat -c copy`: no quality lost); others are re-encoded
 * to the first clip's frame when `reencode` allows, else refused saying how they differ.
 * Written to a hidden temporary file first, then linked into place: never a half file.
 */
export async function joinClips(options: {
  tools: JoinTools;
  clips: readonly string[];
  folder: string;
  baseName: string;
  reencode: boolean;
}): Promise<JoinResult> {
  const { tools, clips, folder } = options;
  if (clips.length === 0) throw coreError('invalid-input', 'joinNoClips');
  const facts = await Promise.all(clips.map((clip) => probeClip(tools.ffprobe, clip)));
  const mismatch = clipsMismatch(facts);
  if (mismatch && !options.reencode) {
    throw coreError('invalid-input', 'joinNeedsReencode', { mismatch: saidParam(mismatch) });
  }
  const token = randomBytes(4).toString('hex');
  const temp = join(folder, `.joining-${token}.mp4`);
  const list = join(folder, `.joining-${token}.txt`);
  try {
    await writeFile(list, concatList(clips));
    const args = mismatch
      ? reencodeArgs(clips, facts, temp)
      : ['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', temp];
    try {
      await run(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-n', ...args], {
        timeout: 10 * 60_000,
        windowsHide: true,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      throw coreError('internal', 'joinFailed', { reason: lastLine(error) });
    }
    const file = await publish(temp, folder, options.baseName);
    return mismatch ? { file, reencoded: true, mismatch } : { file, reencoded: false };
  } finally {
    await rm(list, { force: true });
    await rm(temp, { force: true });
  }
}

/** Puts the finished file under the first free name; link() and COPYFILE_EXCL never replace one. */
async function publish(temp: string, folder: string, baseName: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const target = join(folder, n === 1 ? `${baseName}.mp4` : `${baseName}-${n}.mp4`);
    try {
      await link(temp, target);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
      // A file system without hard links: an exclusive copy still never replaces a file.
      try {
        await copyFile(temp, target, constants.COPYFILE_EXCL);
        return target;
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw copyError;
      }
    }
  }
  throw coreError('internal', 'noFreeName', { name: baseName, folder });
}
