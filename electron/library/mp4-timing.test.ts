import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/emulator/fixtures';
import { readVideoTiming } from './mp4-timing';
import { makeTempHome } from './testing';

/** One MP4 box: a 32-bit size, the type, the content. */
const box = (type: string, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
};
const u32 = (...values: number[]) => {
  const bytes = Buffer.alloc(values.length * 4);
  for (const [i, value] of values.entries()) bytes.writeUInt32BE(value, i * 4);
  return bytes;
};
const hdlr = (handler: string) =>
  box('hdlr', u32(0, 0), Buffer.from(handler, 'latin1'), u32(0, 0, 0), Buffer.from('x\0'));
/** mdhd version 0 (32-bit times) or 1 (64-bit times): the timescale sits at another offset. */
const mdhd = (timescale: number, version: 0 | 1 = 0) =>
  version === 0
    ? box('mdhd', u32(0, 0, 0, timescale, 0, 0))
    : box('mdhd', u32(0x01000000, 0, 0, 0, 0, timescale, 0, 0, 0));
const stts = (runs: [count: number, delta: number][]) =>
  box('stts', u32(0, runs.length), ...runs.map(([count, delta]) => u32(count, delta)));
const track = (handler: string, timescale: number, runs: [number, number][], version: 0 | 1 = 0) =>
  box(
    'trak',
    box('tkhd', u32(0, 0, 0)),
    box(
      'mdia',
      mdhd(timescale, version),
      hdlr(handler),
      box('minf', box('stbl', box('stsd', u32(0, 0)), stts(runs))),
    ),
  );
const ftyp = box('ftyp', Buffer.from('isom'), u32(512), Buffer.from('isomavc1'));

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ home: dir, remove } = await makeTempHome('kling-mp4-'));
});
afterEach(() => remove());

async function timingOf(bytes: Buffer) {
  const path = join(dir, 'video.mp4');
  await writeFile(path, bytes);
  return readVideoTiming(path);
}

describe('readVideoTiming', () => {
  it.each([...FIXTURES.videos, FIXTURES.largeVideo])(
    'reads the emulator fixture %s as 24 frames in 1 s at 24 fps (what ffprobe says)',
    async (path) => {
      expect(await readVideoTiming(path)).toEqual({
        frameRate: 24,
        frameCount: 24,
        durationSeconds: 1,
        constantRate: true,
      });
    },
  );

  it('finds the moov after mdat (a file written without faststart)', async () => {
    const fixture = await readFile(FIXTURES.videos[0]);
    const moovAt = fixture.indexOf('moov', 0, 'latin1') - 4;
    const moovSize = fixture.readUInt32BE(moovAt);
    const moov = fixture.subarray(moovAt, moovAt + moovSize);
    const rest = Buffer.concat([fixture.subarray(0, moovAt), fixture.subarray(moovAt + moovSize)]);
    const timing = await timingOf(Buffer.concat([rest, moov]));
    expect(timing?.frameRate).toBe(24);
  });

  it('reads 29.97 fps (timescale 30000, 1001 per frame) from a version 1 mdhd', async () => {
    const timing = await timingOf(
      Buffer.concat([
        ftyp,
        box('mdat', Buffer.alloc(64)),
        box('moov', track('vide', 30000, [[150, 1001]], 1)),
      ]),
    );
    expect(timing?.frameRate).toBeCloseTo(30000 / 1001, 9);
    expect(timing?.frameCount).toBe(150);
    expect(timing?.durationSeconds).toBeCloseTo(5.005, 9);
  });

  it('skips an audio track before the video track, and averages a variable rate', async () => {
    const timing = await timingOf(
      Buffer.concat([
        ftyp,
        box(
          'moov',
          track('soun', 44100, [[100, 1024]]),
          track('vide', 90000, [
            [10, 3000],
            [10, 6000],
          ]),
        ),
      ]),
    );
    expect(timing).toEqual({
      frameRate: 20,
      frameCount: 20,
      durationSeconds: 1,
      constantRate: false,
    });
  });

  it('answers null for a fragmented MP4 (no samples in stts), audio only, or not an MP4', async () => {
    expect(await timingOf(Buffer.concat([ftyp, box('moov', track('vide', 12800, []))]))).toBe(null);
    expect(
      await timingOf(Buffer.concat([ftyp, box('moov', track('soun', 44100, [[10, 1024]]))])),
    ).toBe(null);
    expect(await timingOf(Buffer.from('not a video at all, just some text'))).toBe(null);
    expect(await timingOf(Buffer.alloc(0))).toBe(null);
  });

  it('answers null for a cut-off file instead of reading past its end', async () => {
    const fixture = await readFile(FIXTURES.videos[0]);
    const moovAt = fixture.indexOf('moov', 0, 'latin1') - 4;
    expect(await timingOf(fixture.subarray(0, moovAt + 200))).toBe(null);
  });

  it('throws when the file cannot be opened (the caller logs why)', async () => {
    await expect(readVideoTiming(join(dir, 'missing.mp4'))).rejects.toThrow(/ENOENT/);
  });
});
