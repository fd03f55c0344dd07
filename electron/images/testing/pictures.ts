/**
 * Pictures for tests: real, whole PNGs of any size, and the damaged files the local checks
 * must refuse (each made from a whole picture, the way files get damaged: cut short, a byte
 * flipped, a header that lies). Test-only: never part of a shipped bundle.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function greyPng(width: number, height: number, rows: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.alloc(width + 1, 0x80);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: rows }, () => row)));
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real, decodable grey PNG of any size (so size and aspect checks see true dimensions). */
export const makePng = (width: number, height: number): Buffer => greyPng(width, height, height);

/**
 * A PNG whose every chunk is whole (lengths, CRCs, IEND) but whose header claims a size its
 * one row of pixel data does not fill: how a 100000×100000 "bomb" header looks to a check
 * that does not decode.
 */
export const pngClaiming = (width: number, height: number): Buffer => greyPng(width, height, 1);

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));

/** The same bytes with one byte inverted at `at`. */
function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ 0xff;
  return copy;
}

/** A WebP whose RIFF header says `delta` bytes more (or fewer) than the file holds. */
function riffSizeOff(webp: Buffer, delta: number): Buffer {
  const copy = Buffer.from(webp);
  copy.writeUInt32LE(copy.readUInt32LE(4) + delta, 4);
  return copy;
}

export interface DamagedPicture {
  /** File name to write it under (the extension matches the content). */
  file: string;
  bytes: Buffer;
  /** What the refusal says in parentheses after "damaged or incomplete". */
  why: string;
}

const CUT = 'it ends before its last block';

/** Every way a picture arrives damaged that the checks refuse before anything is sent. */
export function damagedPictures(): DamagedPicture[] {
  const png = makePng(400, 400);
  const jpeg = fixture('photo-400x320.jpg');
  const webp = fixture('portrait-320x480.webp');
  const idat = png.indexOf('IDAT', 0, 'latin1');
  const idatLength = png.readUInt32BE(idat - 4);
  return [
    { file: 'cut-at-60-bytes.png', bytes: png.subarray(0, 60), why: CUT },
    { file: 'cut-in-half.png', bytes: png.subarray(0, png.length >> 1), why: CUT },
    { file: 'no-iend.png', bytes: png.subarray(0, png.length - 12), why: CUT },
    {
      file: 'flipped-idat-byte.png',
      bytes: flipped(png, idat + 4 + (idatLength >> 1)),
      why: 'a block does not match its checksum',
    },
    { file: 'cut-in-half.jpg', bytes: jpeg.subarray(0, jpeg.length >> 1), why: CUT },
    { file: 'no-eoi.jpg', bytes: jpeg.subarray(0, jpeg.length - 2), why: CUT },
    { file: 'cut-in-half.webp', bytes: webp.subarray(0, webp.length >> 1), why: CUT },
    { file: 'riff-size-too-big.webp', bytes: riffSizeOff(webp, 100), why: CUT },
    {
      file: 'riff-size-too-small.webp',
      bytes: riffSizeOff(webp, -2),
      why: 'the size in its header does not match the file',
    },
  ];
}
