import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DAMAGE, findDamage } from './structure';
import { damagedPictures, makePng } from './testing/pictures';

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)));
const formatOf = (file: string) =>
  file.endsWith('.png') ? 'png' : file.endsWith('.jpg') ? 'jpg' : ('webp' as const);

/** A PNG chunk with its length and CRC right: only what the chunk says is wrong. */
function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** makePng's chunks, reassembled in another order or with some left out. */
function pngOf(...types: string[]): Buffer {
  const png = makePng(300, 300);
  const chunks = new Map<string, Buffer>();
  for (let pos = 8; pos < png.length; ) {
    const length = png.readUInt32BE(pos);
    chunks.set(png.toString('latin1', pos + 4, pos + 8), png.subarray(pos, pos + 12 + length));
    pos += 12 + length;
  }
  return Buffer.concat([png.subarray(0, 8), ...types.map((t) => chunks.get(t) as Buffer)]);
}

describe('findDamage: whole pictures pass', () => {
  it.each([
    ['../images/fixtures/photo-400x320.jpg', 'jpg'],
    ['../images/fixtures/portrait-320x480.webp', 'webp'],
    ['../images/fixtures/square-300.png', 'png'],
    ['../../test/emulator/fixtures/input.png', 'png'],
    ['../../test/emulator/fixtures/input.jpg', 'jpg'],
    ['../../test/emulator/fixtures/poster.jpg', 'jpg'],
    ['../../test/emulator/fixtures/clip-480x360-last.png', 'png'],
  ] as const)('%s', (path, format) => {
    expect(findDamage(fixture(path), format)).toBeNull();
  });

  it('a made PNG, and one with a text chunk between its blocks', () => {
    expect(findDamage(makePng(300, 300), 'png')).toBeNull();
    const text = pngChunk('tEXt', Buffer.from('Comment\0made by a test', 'latin1'));
    const png = pngOf('IHDR', 'IDAT', 'IEND');
    const withText = Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]);
    expect(findDamage(withText, 'png')).toBeNull();
  });

  it('bytes after the end marker (phones append data there; viewers ignore it)', () => {
    const tail = Buffer.from('trailing data');
    expect(findDamage(Buffer.concat([makePng(300, 300), tail]), 'png')).toBeNull();
    const jpeg = fixture('./fixtures/photo-400x320.jpg');
    expect(findDamage(Buffer.concat([jpeg, tail]), 'jpg')).toBeNull();
  });

  it('a JPEG with restart markers and fill bytes before a marker', () => {
    const jpeg = fixture('./fixtures/photo-400x320.jpg');
    const eoi = jpeg.length - 2;
    // RST0 inside the scan (a decoder resynchronises there) and fill bytes before EOI.
    const withRst = Buffer.concat([
      jpeg.subarray(0, eoi - 8),
      Buffer.from([0xff, 0xd0]),
      jpeg.subarray(eoi - 8, eoi),
      Buffer.from([0xff, 0xff, 0xff]),
      jpeg.subarray(eoi),
    ]);
    expect(findDamage(withRst, 'jpg')).toBeNull();
  });

  it('a WebP with an odd RIFF size, with or without its pad byte', () => {
    const webp = fixture('./fixtures/portrait-320x480.webp');
    const exif = Buffer.concat([
      Buffer.from('EXIF'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc'),
    ]);
    const unpadded = Buffer.concat([webp, exif]);
    unpadded.writeUInt32LE(webp.readUInt32LE(4) + exif.length, 4); // odd: the pad is not counted
    expect(findDamage(unpadded, 'webp')).toBeNull();
    const padded = Buffer.concat([unpadded, Buffer.alloc(1)]);
    expect(findDamage(padded, 'webp')).toBeNull();
    expect(findDamage(Buffer.concat([padded, Buffer.alloc(1)]), 'webp')).toBe(DAMAGE.sizeMismatch);
  });
});

describe('findDamage: damaged pictures are refused, saying why', () => {
  it.each(damagedPictures().map((p) => [p.file, p] as const))('%s', (file, { bytes, why }) => {
    expect(findDamage(bytes, formatOf(file))).toBe(why);
  });

  it('a PNG whose first block is not its header, or with no picture data', () => {
    expect(findDamage(pngOf('IDAT', 'IHDR', 'IEND'), 'png')).toBe(DAMAGE.headerNotFirst);
    expect(findDamage(pngOf('IHDR', 'IEND'), 'png')).toBe(DAMAGE.noPicture);
  });

  it('a PNG block whose type is not four letters', () => {
    const png = makePng(300, 300);
    png.write('I$AT', png.indexOf('IDAT'), 'latin1');
    expect(findDamage(png, 'png')).toBe(DAMAGE.malformed);
  });

  it('a JPEG with no scan, a scan before its frame header, or a segment past the end', () => {
    expect(findDamage(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'jpg')).toBe(DAMAGE.noPicture);
    const sosFirst = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x11, 0xff, 0xd9]);
    expect(findDamage(sosFirst, 'jpg')).toBe(DAMAGE.malformed);
    const longApp = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x7f, 0xff, 0x00]);
    expect(findDamage(longApp, 'jpg')).toBe(DAMAGE.cut);
  });

  it('a JPEG where a marker should be and is not', () => {
    expect(findDamage(Buffer.from([0xff, 0xd8, 0x12, 0x34]), 'jpg')).toBe(DAMAGE.malformed);
  });

  it('a WebP that starts with another chunk, or whose VP8 frame does not fit', () => {
    const webp = fixture('./fixtures/portrait-320x480.webp');
    const renamed = Buffer.from(webp);
    renamed.write('JUNK', 12, 'latin1');
    expect(findDamage(renamed, 'webp')).toBe(DAMAGE.headerNotFirst);
    const vp8 = webp.indexOf('VP8', 12, 'latin1');
    const startCode = Buffer.from(webp);
    startCode[vp8 + 8 + 3] = 0; // the 9d 01 2a start code of a key frame
    expect(findDamage(startCode, 'webp')).toBe(DAMAGE.malformed);
  });
});
