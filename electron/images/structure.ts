import { crc32 } from 'node:zlib';
import { CORE_MESSAGES } from '../../shared/core-messages';
import type { AcceptedFormat } from './sniff';

/**
 * Is the picture whole? A file cut short (a copy stopped half-way, a download that broke off)
 * still has a valid header, so the header-only checks let it through and Kling charged for a
 * run on half a picture. This walks the file's own block structure once, in memory:
 *   PNG: every chunk's length and CRC up to IEND, IHDR first, at least one IDAT;
 *   JPEG: SOI, each marker segment's length to SOS, the entropy-coded data to the next marker,
 *     and so on until EOI (a file that ends before EOI is cut);
 *   WebP: the RIFF size against the file's length, then each chunk, the image chunk first.
 * Why not decode? A pure-JS decoder (pngjs, jpeg-js) would inflate every pixel (40 MP is
 * 160 MB of RGBA and seconds of CPU) for a question the structure answers in milliseconds
 * (zlib.crc32 and Buffer.indexOf are native); it would also add WebP's missing decoder.
 * Trailing bytes after the end marker are allowed: viewers ignore them and phones write them.
 */

/**
 * Why a file is not a whole picture, in words that finish "damaged or incomplete (…)": each is
 * a core message (shared/core-messages.ts), so the app says it in the chosen language.
 */
export const DAMAGE = {
  cut: CORE_MESSAGES.damageCut,
  checksum: CORE_MESSAGES.damageChecksum,
  noPicture: CORE_MESSAGES.damageNoPicture,
  headerNotFirst: CORE_MESSAGES.damageHeaderNotFirst,
  malformed: CORE_MESSAGES.damageMalformed,
  sizeMismatch: CORE_MESSAGES.damageSizeMismatch,
} as const;
export type Damage = (typeof DAMAGE)[keyof typeof DAMAGE];

/** null when the file is a whole picture of its format; otherwise what is wrong. */
export function findDamage(bytes: Uint8Array, format: AcceptedFormat): Damage | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') return pngDamage(buffer);
  if (format === 'jpg') return jpegDamage(buffer);
  return webpDamage(buffer);
}

const PNG_SIGNATURE_BYTES = 8;
const PNG_CHUNK_TYPE = /^[A-Za-z]{4}$/;

function pngDamage(b: Buffer): Damage | null {
  let pos = PNG_SIGNATURE_BYTES;
  let sawData = false;
  for (let index = 0; ; index++) {
    // length (4), type (4), data (length), CRC (4) over type and data.
    if (pos + 12 > b.length) return DAMAGE.cut;
    const length = b.readUInt32BE(pos);
    const type = b.toString('latin1', pos + 4, pos + 8);
    if (length > 0x7fffffff || !PNG_CHUNK_TYPE.test(type)) return DAMAGE.malformed;
    const end = pos + 8 + length;
    if (end + 4 > b.length) return DAMAGE.cut;
    if (crc32(b.subarray(pos + 4, end)) !== b.readUInt32BE(end)) return DAMAGE.checksum;
    if (index === 0 && (type !== 'IHDR' || length !== 13)) return DAMAGE.headerNotFirst;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData ? null : DAMAGE.noPicture;
    pos = end + 4;
  }
}

const JPEG = { SOS: 0xda, EOI: 0xd9, SOI: 0xd8, DHT: 0xc4, JPG: 0xc8, DAC: 0xcc } as const;

/** SOF0–SOF15: the frame header (size, components); DHT, JPG and DAC share the range. */
const isFrameHeader = (marker: number) =>
  marker >= 0xc0 &&
  marker <= 0xcf &&
  marker !== JPEG.DHT &&
  marker !== JPEG.JPG &&
  marker !== JPEG.DAC;

/** Markers with no length field: RST0–RST7 and TEM. */
const isStandalone = (marker: number) => (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;

function jpegDamage(b: Buffer): Damage | null {
  let pos = 2; // after SOI (FF D8), which sniffing has seen
  let sawFrame = false;
  let sawScan = false;
  for (;;) {
    if (pos >= b.length) return DAMAGE.cut;
    if (b[pos] !== 0xff) return DAMAGE.malformed;
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes before a marker
    if (pos >= b.length) return DAMAGE.cut;
    const marker = b[pos++] as number;
    if (marker === JPEG.EOI) return sawScan ? null : DAMAGE.noPicture;
    if (marker === JPEG.SOI || marker === 0x00) return DAMAGE.malformed;
    if (isStandalone(marker)) continue;
    if (pos + 2 > b.length) return DAMAGE.cut;
    const length = b.readUInt16BE(pos); // counts its own two bytes
    if (length < 2) return DAMAGE.malformed;
    pos += length;
    if (pos > b.length) return DAMAGE.cut;
    if (isFrameHeader(marker)) sawFrame = true;
    if (marker !== JPEG.SOS) continue;
    if (!sawFrame) return DAMAGE.malformed; // a scan needs the frame header before it
    sawScan = true;
    const next = nextMarkerAfterScan(b, pos);
    if (next === null) return DAMAGE.cut;
    pos = next;
  }
}

/**
 * Where the entropy-coded data after an SOS header ends: the 0xFF of the next real marker.
 * Inside the data a 0xFF byte is always followed by 0x00 (stuffing) or RST0–7; anything
 * else starts a marker (EOI, or DHT/SOS of a progressive file's next scan). null: the file
 * ends first.
 */
function nextMarkerAfterScan(b: Buffer, from: number): number | null {
  let pos = from;
  for (;;) {
    const ff = b.indexOf(0xff, pos);
    if (ff < 0 || ff + 1 >= b.length) return null;
    const after = b[ff + 1] as number;
    if (after === 0x00 || (after >= 0xd0 && after <= 0xd7)) pos = ff + 2;
    else return ff;
  }
}

const WEBP_IMAGE_FIRST = new Set(['VP8 ', 'VP8L', 'VP8X']);
/** Chunks that carry pixels: a still frame (lossy or lossless) or an animation frame. */
const WEBP_PICTURE = new Set(['VP8 ', 'VP8L', 'ANMF']);

function webpDamage(b: Buffer): Damage | null {
  // "RIFF", size (LE, counting from byte 8), "WEBP": sniffing has seen the fourccs.
  if (b.length < 12) return DAMAGE.cut;
  const riffSize = b.readUInt32LE(4);
  const declared = riffSize + 8;
  if (declared > b.length) return DAMAGE.cut;
  // An odd RIFF size may be followed by its pad byte (RIFF pads chunks to even lengths).
  const padded = riffSize % 2 === 1 && declared + 1 === b.length;
  if (declared !== b.length && !padded) return DAMAGE.sizeMismatch;
  let pos = 12;
  let sawPicture = false;
  while (pos < declared) {
    if (pos + 8 > declared) return DAMAGE.cut;
    const fourcc = b.toString('latin1', pos, pos + 4);
    const size = b.readUInt32LE(pos + 4);
    const data = pos + 8;
    if (data + size > declared) return DAMAGE.cut;
    if (pos === 12 && !WEBP_IMAGE_FIRST.has(fourcc)) return DAMAGE.headerNotFirst;
    if (!bitstreamFits(b.subarray(data, data + size), fourcc)) return DAMAGE.malformed;
    if (WEBP_PICTURE.has(fourcc)) sawPicture = true;
    pos = data + size + (size % 2);
  }
  return sawPicture ? null : DAMAGE.noPicture;
}

/** The start of a VP8/VP8L bitstream: its signature, and (VP8) the first partition fits. */
function bitstreamFits(data: Buffer, fourcc: string): boolean {
  if (fourcc === 'VP8L') return data.length >= 5 && data[0] === 0x2f;
  if (fourcc !== 'VP8 ') return true;
  if (data.length < 10) return false;
  const startCode = data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a;
  // Frame tag: bit 0 is 0 on a key frame, bits 5–23 the first partition's size.
  const tag = data.readUIntLE(0, 3);
  return startCode && (tag & 1) === 0 && 10 + (tag >>> 5) <= data.length;
}
