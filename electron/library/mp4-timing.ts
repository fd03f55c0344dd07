import { type FileHandle, open } from 'node:fs/promises';

/**
 * The timing of an MP4's video track, read from its boxes without decoding anything: the
 * media timescale (mdhd) and the sample durations (stts). Frame steps in the detail view use
 * it, so one press moves exactly one frame of the real video (24, 25, 30 or 29.97 fps), not
 * an assumed 1/30 s.
 */
export interface VideoTiming {
  /** Frames per second: samples ÷ track duration (exact for a constant rate). */
  frameRate: number;
  frameCount: number;
  /** The video track's length in seconds (sum of its sample durations). */
  durationSeconds: number;
  /** False when the samples have different durations (a variable frame rate). */
  constantRate: boolean;
}

/** A moov bigger than this is not a video the studio made; it is refused, not read. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Boxes whose children are boxes, on the way from moov to stts. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

interface Box {
  type: string;
  /** Where the box's content starts and ends (after its header), in the buffer or file. */
  start: number;
  end: number;
}

/**
 * A box header at `offset` of `bytes`: its type, header length (8, or 16 with a 64-bit size)
 * and total size (null: "to the end of the enclosing box"); null when the header is cut off.
 */
function headerAt(bytes: Buffer, offset: number) {
  if (offset + 8 > bytes.length) return null;
  const size32 = bytes.readUInt32BE(offset);
  const type = bytes.toString('latin1', offset + 4, offset + 8);
  if (size32 !== 1) return { type, header: 8, size: size32 === 0 ? null : size32 };
  if (offset + 16 > bytes.length) return null;
  return { type, header: 16, size: Number(bytes.readBigUInt64BE(offset + 8)) };
}

/** The box at `offset` if it lies within `limit` (the end of its parent); else null. */
function boxAt(bytes: Buffer, offset: number, limit: number): Box | null {
  const header = headerAt(bytes, offset);
  if (!header || offset + header.header > limit) return null;
  const size = header.size ?? limit - offset;
  if (size < header.header || offset + size > limit) return null;
  return { type: header.type, start: offset + header.header, end: offset + size };
}

/** The child boxes of a container's content. */
function children(bytes: Buffer, parent: Pick<Box, 'start' | 'end'>): Box[] {
  const boxes: Box[] = [];
  let offset = parent.start;
  for (let box = boxAt(bytes, offset, parent.end); box; box = boxAt(bytes, offset, parent.end)) {
    boxes.push(box);
    offset = box.end;
  }
  return boxes;
}

const child = (bytes: Buffer, parent: Box, type: string) =>
  children(bytes, parent).find((box) => box.type === type);

/** Follows a path of box types from `parent` (e.g. mdia → minf → stbl → stts). */
function descend(bytes: Buffer, parent: Box, path: readonly string[]): Box | undefined {
  let box: Box | undefined = parent;
  for (const type of path) {
    if (!box || !CONTAINERS.has(box.type)) return undefined;
    box = child(bytes, box, type);
  }
  return box;
}

/** hdlr's handler type ('vide' for video): after version/flags (4) and pre_defined (4). */
const handlerOf = (bytes: Buffer, hdlr: Box) =>
  hdlr.end - hdlr.start >= 12 ? bytes.toString('latin1', hdlr.start + 8, hdlr.start + 12) : '';

/** mdhd's timescale: version 1 has 64-bit times before it (4 + 8 + 8), version 0 32-bit. */
function timescaleOf(bytes: Buffer, mdhd: Box): number | null {
  const version = bytes.readUInt8(mdhd.start);
  const at = mdhd.start + (version === 1 ? 20 : 12);
  if (at + 4 > mdhd.end) return null;
  return bytes.readUInt32BE(at) || null;
}

/** stts: (sample count, sample delta) runs. */
function sampleRuns(bytes: Buffer, stts: Box): { count: number; delta: number }[] | null {
  if (stts.start + 8 > stts.end) return null;
  const entries = bytes.readUInt32BE(stts.start + 4);
  if (stts.start + 8 + entries * 8 > stts.end) return null;
  return Array.from({ length: entries }, (_, i) => ({
    count: bytes.readUInt32BE(stts.start + 8 + i * 8),
    delta: bytes.readUInt32BE(stts.start + 12 + i * 8),
  }));
}

/** The timing of the first video track in a moov box's bytes; null when it has none. */
export function videoTimingOfMoov(bytes: Buffer, moov: Box): VideoTiming | null {
  for (const trak of children(bytes, moov).filter((box) => box.type === 'trak')) {
    const mdia = descend(bytes, trak, ['mdia']);
    const hdlr = mdia && child(bytes, mdia, 'hdlr');
    if (!mdia || !hdlr || handlerOf(bytes, hdlr) !== 'vide') continue;
    const mdhd = child(bytes, mdia, 'mdhd');
    const stts = descend(bytes, mdia, ['minf', 'stbl', 'stts']);
    const timescale = mdhd && timescaleOf(bytes, mdhd);
    const runs = stts && sampleRuns(bytes, stts);
    if (!timescale || !runs) return null;
    const frameCount = runs.reduce((sum, run) => sum + run.count, 0);
    const units = runs.reduce((sum, run) => sum + run.count * run.delta, 0);
    // A fragmented MP4 keeps its samples in moof boxes: stts is empty, the rate unknown here.
    if (frameCount === 0 || units === 0) return null;
    const deltas = new Set(runs.filter((run) => run.count > 0).map((run) => run.delta));
    return {
      frameRate: (frameCount * timescale) / units,
      frameCount,
      durationSeconds: units / timescale,
      constantRate: deltas.size === 1,
    };
  }
  return null;
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Finds the top-level moov box (before or after mdat) and reads only it. */
async function readMoov(file: FileHandle, fileSize: number): Promise<Buffer | null> {
  let offset = 0;
  while (offset + 8 <= fileSize) {
    const header = headerAt(await readAt(file, offset, 16), 0);
    if (!header) return null;
    const size = header.size ?? fileSize - offset;
    if (size < header.header || offset + size > fileSize) return null;
    if (header.type === 'moov') return size > MAX_MOOV_BYTES ? null : readAt(file, offset, size);
    offset += size;
  }
  return null;
}

/**
 * The video track's timing of the MP4 at `path`, or null when the file is not an MP4 with a
 * readable video track (a fragmented MP4, an audio-only file). Reads only the box headers on
 * the way and the moov box. Errors opening or reading the file are thrown to the caller.
 */
export async function readVideoTiming(path: string): Promise<VideoTiming | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const moov = await readMoov(file, size);
    if (!moov) return null;
    const box = boxAt(moov, 0, moov.length);
    return box ? videoTimingOfMoov(moov, box) : null;
  } finally {
    await file.close();
  }
}
