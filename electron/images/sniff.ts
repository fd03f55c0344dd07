/**
 * Image format by content (magic bytes), never by file extension: a renamed text file or a
 * GIF called .png must be caught before anything is uploaded.
 */
export type AcceptedFormat = 'png' | 'jpg' | 'webp';
export type SniffedFormat =
  | { kind: 'accepted'; format: AcceptedFormat }
  | { kind: 'unsupported'; name: string }
  | { kind: 'unknown' };

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((value, i) => bytes[i] === value);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff] as const;

export const MIME_TYPES: Readonly<Record<AcceptedFormat, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

export function sniffImageFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, PNG_SIGNATURE)) return { kind: 'accepted', format: 'png' };
  if (startsWith(bytes, JPEG_SIGNATURE)) return { kind: 'accepted', format: 'jpg' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return { kind: 'accepted', format: 'webp' };
  }
  // Formats people often have that Kling does not take: named, so the message can say which.
  if (ascii(bytes, 0, 4) === 'GIF8') return { kind: 'unsupported', name: 'GIF' };
  if (ascii(bytes, 0, 2) === 'BM') return { kind: 'unsupported', name: 'BMP' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'unsupported', name: 'TIFF' };
  }
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (brand.startsWith('avi')) return { kind: 'unsupported', name: 'AVIF' };
    if (brand.startsWith('hei') || brand.startsWith('mif') || brand === 'heix') {
      return { kind: 'unsupported', name: 'HEIC' };
    }
  }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return { kind: 'unsupported', name: 'ICO' };
  if (ascii(bytes, 0, 5) === '<?xml' || ascii(bytes, 0, 4) === '<svg') {
    return { kind: 'unsupported', name: 'SVG' };
  }
  return { kind: 'unknown' };
}
