import { Readable } from 'node:stream';

/**
 * Deterministic "video" bytes of any size, computed from the offset so any range can be served
 * (and checked) without holding the file in memory. Words within a 64 KiB block are hashes of
 * their position and each block is keyed by its index, so a resume that lands at the wrong
 * offset (even a whole number of blocks off) produces different bytes, not the same pattern.
 */
const CHUNK = 64 * 1024;

function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 64 KiB of hashed words; every block of the file is this XOR a hash of (block, seed). */
const BLOCK_WORDS = 16_384;
const BASE = Uint32Array.from({ length: BLOCK_WORDS }, (_, w) =>
  mix32(Math.imul(w, 0x9e3779b1) + 1),
);

/** Bytes [from, to) of the synthetic file with this seed. */
export function syntheticBytes(seed: number, from: number, to: number): Buffer {
  const firstWord = Math.floor(from / 4);
  const lastWord = Math.ceil(to / 4);
  const words = new Uint32Array(lastWord - firstWord);
  for (let w = firstWord; w < lastWord; ) {
    const block = Math.floor(w / BLOCK_WORDS);
    const key = mix32(block ^ Math.imul(seed, 0x85ebca6b));
    const blockEnd = Math.min((block + 1) * BLOCK_WORDS, lastWord);
    for (; w < blockEnd; w += 1) words[w - firstWord] = (BASE[w % BLOCK_WORDS] ?? 0) ^ key;
  }
  // Byte order follows the machine (little-endian on every platform we run on).
  const bytes = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  return bytes.subarray(from - firstWord * 4, to - firstWord * 4);
}

/** Streams bytes [start, end] (inclusive, like a Range) in 64 KiB chunks, honouring back-pressure. */
export function syntheticStream(seed: number, start: number, end: number): Readable {
  function* chunks() {
    for (let at = start; at <= end; at += CHUNK)
      yield syntheticBytes(seed, at, Math.min(at + CHUNK, end + 1));
  }
  return Readable.from(chunks(), { objectMode: false });
}
