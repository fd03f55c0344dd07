import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from './sniff';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('sniffImageFormat', () => {
  it('knows the three accepted formats by their magic bytes', () => {
    expect(sniffImageFormat(bytes([0x89], 'PNG\r\n\x1a\n', 'rest'))).toEqual({
      kind: 'accepted',
      format: 'png',
    });
    expect(sniffImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual({
      kind: 'accepted',
      format: 'jpg',
    });
    expect(sniffImageFormat(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toEqual({
      kind: 'accepted',
      format: 'webp',
    });
  });

  it('names common formats it refuses', () => {
    const name = (b: Buffer) => {
      const r = sniffImageFormat(b);
      return r.kind === 'unsupported' ? r.name : r.kind;
    };
    expect(name(bytes('GIF89a'))).toBe('GIF');
    expect(name(bytes('BM', [0, 0, 0, 0]))).toBe('BMP');
    expect(name(bytes([0, 0, 0, 0x1c], 'ftypheic'))).toBe('HEIC');
    expect(name(bytes([0, 0, 0, 0x1c], 'ftypavif'))).toBe('AVIF');
    expect(name(bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBe('unknown');
  });

  it('calls text and truncated signatures unknown', () => {
    expect(sniffImageFormat(bytes('hello world')).kind).toBe('unknown');
    expect(sniffImageFormat(bytes([0x89, 0x50])).kind).toBe('unknown');
    expect(sniffImageFormat(new Uint8Array()).kind).toBe('unknown');
  });
});
