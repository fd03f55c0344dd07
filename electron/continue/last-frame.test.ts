import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/emulator/fixtures';
import { decodeRgb, meanDifference } from '../testing/raw-frames';
import { extractLastFrame, findFfmpeg } from './last-frame';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kling-frame-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('extractLastFrame', () => {
  it('writes the last frame at full resolution (equal to a full decode of the video)', async () => {
    const ffmpeg = await findFfmpeg(process.env);
    const png = join(dir, 'nested', 'last.png');
    await extractLastFrame(ffmpeg, FIXTURES.largeVideo, png);
    const frame = await decodeRgb(ffmpeg, png);
    const video = await decodeRgb(ffmpeg, FIXTURES.largeVideo);
    expect([frame.width, frame.height]).toEqual([480, 360]);
    expect(video.frames.length).toBeGreaterThan(10);
    const last = video.frames.at(-1) as Buffer;
    expect(meanDifference(frame.frames[0] as Buffer, last)).toBeLessThan(1);
    // …and it is the last frame, not just any: the first one differs clearly (testsrc moves).
    expect(meanDifference(frame.frames[0] as Buffer, video.frames[0] as Buffer)).toBeGreaterThan(1);
  });

  it('says clearly when ffmpeg is missing or KLING_FFMPEG is wrong', async () => {
    await expect(findFfmpeg({ PATH: dir })).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining('ffmpeg is needed to take the last frame'),
    });
    await expect(findFfmpeg({ KLING_FFMPEG: join(dir, 'nope') })).rejects.toThrow(
      'KLING_FFMPEG is set but is not an executable file',
    );
    const fake = join(dir, 'ffmpeg');
    await writeFile(fake, '#!/bin/sh\necho "no such codec" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    expect(await findFfmpeg({ PATH: dir })).toBe(fake);
    await expect(extractLastFrame(fake, FIXTURES.largeVideo, join(dir, 'x.png'))).rejects.toThrow(
      'no such codec',
    );
  });
});
