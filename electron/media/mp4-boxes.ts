/**
 * Just enough of the ISO base media file format (MP4) to rewrite a file's `moov/udta/meta`
 * metadata without touching its media: box headers, children, and the chunk offset tables
 * (`stco`/`co64`) that must move when a bigger `moov` sits before the media data.
 */
export interface Box {
  type: string;
  /** Where the box starts, relative to what was parsed. */
  start: number;
  /** The whole box, header included. */
  size: number;
  /** 8, or 16 for a 64-bit size. */
  headerSize: number;
}

/** Boxes whose children are boxes (the path to the chunk offset tables and to udta). */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'udta', 'edts', 'dinf']);

export class Mp4Error extends Error {}

/**
 * A box header's fields as written: `size` 0 means "to the end of the file" (the caller knows
 * where that is). Null when the bytes are too few.
 */
export function rawBoxHeader(
  bytes: Uint8Array,
  at: number,
): { type: string; size: number; headerSize: number } | null {
  if (bytes.length - at < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at);
  const size32 = view.getUint32(0);
  const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
  if (size32 !== 1) return { type, size: size32, headerSize: 8 };
  if (bytes.length - at < 16) return null;
  return { type, size: Number(view.getBigUint64(8)), headerSize: 16 };
}

/** Reads one box header at `at` of `bytes`; `end` bounds it (the parent's end). */
export function readBoxHeader(bytes: Uint8Array, at: number, end: number): Box {
  const raw = rawBoxHeader(bytes.subarray(0, end), at);
  if (!raw) throw new Mp4Error(`a box header is cut off at byte ${at}`);
  const size = raw.size === 0 ? end - at : raw.size;
  if (size < raw.headerSize || at + size > end)
    throw new Mp4Error(`box ${JSON.stringify(raw.type)} at byte ${at} runs past its parent`);
  return { type: raw.type, start: at, size, headerSize: raw.headerSize };
}

/** The boxes inside bytes[from, to). */
export function childBoxes(bytes: Uint8Array, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  for (let at = from; at < to; ) {
    const box = readBoxHeader(bytes, at, to);
    boxes.push(box);
    at += box.size;
  }
  return boxes;
}

/** A box with a 32-bit size around `payload` (metadata boxes are small). */
export function makeBox(type: string, ...payload: Uint8Array[]): Uint8Array {
  const length = 8 + payload.reduce((sum, part) => sum + part.length, 0);
  if (length > 0xffff_ffff) throw new Mp4Error(`box ${type} is too large`);
  const out = new Uint8Array(length);
  new DataView(out.buffer).setUint32(0, length);
  out.set(
    [...type].map((c) => c.charCodeAt(0) & 0xff),
    4,
  );
  let at = 8;
  for (const part of payload) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A full box's version and flags (4 bytes) followed by its payload. */
export const fullBoxPayload = (flags: number, ...payload: Uint8Array[]): Uint8Array[] => {
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, flags & 0xff_ffff);
  return [head, ...payload];
};

/**
 * Adds `delta` to every chunk offset in `moov` (a copy being rebuilt) that points at or past
 * `from`: the media data that moves when the moov before it grows or shrinks. In place.
 */
export function shiftChunkOffsets(moov: Uint8Array, from: number, delta: number): void {
  const walk = (start: number, end: number) => {
    for (const box of childBoxes(moov, start, end)) {
      const body = box.start + box.headerSize;
      if (CONTAINERS.has(box.type) && box.type !== 'udta') walk(body, box.start + box.size);
      else if (box.type === 'stco' || box.type === 'co64') shiftTable(moov, box, from, delta);
    }
  };
  const top = readBoxHeader(moov, 0, moov.length);
  walk(top.headerSize, top.size);
}

function shiftTable(moov: Uint8Array, box: Box, from: number, delta: number): void {
  const view = new DataView(moov.buffer, moov.byteOffset);
  const body = box.start + box.headerSize;
  const count = view.getUint32(body + 4);
  const wide = box.type === 'co64';
  for (let i = 0; i < count; i++) {
    const at = body + 8 + i * (wide ? 8 : 4);
    if (wide) {
      const offset = view.getBigUint64(at);
      if (offset >= BigInt(from)) view.setBigUint64(at, offset + BigInt(delta));
      continue;
    }
    const offset = view.getUint32(at);
    if (offset < from) continue;
    const moved = offset + delta;
    if (moved > 0xffff_ffff)
      throw new Mp4Error('the video is too large to add metadata in place (32-bit chunk offsets)');
    view.setUint32(at, moved);
  }
}
