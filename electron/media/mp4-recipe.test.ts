/**
 * A render's settings written into an MP4's metadata without re-encoding: read back by our own
 * reader, listed by ffprobe as format tags, and the media untouched (every packet's checksum,
 * ffmpeg's framemd5 over a stream copy, equal before and after). Both layouts: moov before the
 * media (faststart: chunk offsets must move) and moov after it.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import type { Recipe } from '../../shared/recipe';
import { FIXTURES } from '../../test/emulator/fixtures';
import { makeTempHome } from '../library/testing';
import { findJoinTools, type JoinTools } from '../storyboard/join-clips';
import { readRecipe, writeMp4WithRecipe } from './mp4-recipe';

// ffmpeg and ffprobe where the storyboard join finds them (KLING_FFMPEG or PATH); skipped without.
const tools: JoinTools | null = await findJoinTools(process.env).catch(() => null);
const hasFfmpeg = tools !== null;
const ffprobe = tools?.ffprobe ?? 'ffprobe';
const ffmpeg = tools?.ffmpeg ?? 'ffmpeg';

const recipe: Recipe = {
  renderId: 'r20261207-abc123',
  agent: 'kling',
  model: 'Kling_2_6',
  prompt: 'Slow dolly-in on a paper boat, rain — 雨中的纸船',
  duration: '5s',
  generateAudio: true,
  sourcePicture: 'boat.png',
};

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home: dir, remove: cleanup } = await makeTempHome('kling-mp4-'));
});
afterEach(async () => cleanup());

const formatTags = (path: string): Record<string, string> =>
  JSON.parse(
    execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', path], {
      encoding: 'utf8',
    }),
  ).format.tags;

/** Every packet's checksum, as ffmpeg reads them (no decode, no encode). */
const packets = (path: string) =>
  execFileSync(
    ffmpeg,
    ['-v', 'error', '-i', path, '-map', '0', '-c', 'copy', '-f', 'framemd5', '-'],
    {
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');

/** The top-level boxes' types in file order. */
async function layout(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  const types: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    types.push(bytes.subarray(at + 4, at + 8).toString('latin1'));
    at += bytes.readUInt32BE(at);
  }
  return types;
}

describe('recipes in MP4 metadata', () => {
  it('reads back what it wrote, and an MP4 without one has none', async () => {
    const out = join(dir, 'saved.mp4');
    await writeMp4WithRecipe({
      source: FIXTURES.videos[0],
      destination: out,
      recipe,
      exclusive: true,
    });
    expect(await readRecipe(out)).toEqual(recipe);
    expect(await readRecipe(FIXTURES.videos[0])).toBeNull();
  });

  it('writing again replaces the settings (no second copy) and keeps the other tags', async () => {
    const once = join(dir, 'once.mp4');
    const twice = join(dir, 'twice.mp4');
    await writeMp4WithRecipe({
      source: FIXTURES.videos[0],
      destination: once,
      recipe,
      exclusive: true,
    });
    const other = { ...recipe, prompt: 'Orbit left', model: 'Kling_3_0' as const };
    await writeMp4WithRecipe({ source: once, destination: twice, recipe: other, exclusive: true });
    expect(await readRecipe(twice)).toEqual(other);
    const bytes = (await readFile(twice)).toString('latin1');
    const count = (text: string) => bytes.split(text).length - 1;
    expect(count('kling-studio:recipe')).toBe(1);
    expect(count('kling:model')).toBe(1);
    expect(count('Lavf')).toBe(1); // the encoder tag the file came with
  });

  it('refuses to overwrite in an export (exclusive) and refuses a file that is not an MP4', async () => {
    const out = join(dir, 'taken.mp4');
    await writeFile(out, 'mine');
    await expect(
      writeMp4WithRecipe({ source: FIXTURES.videos[0], destination: out, recipe, exclusive: true }),
    ).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(out, 'utf8')).toBe('mine');
    const error = await readRecipe(FIXTURES.pngImage).catch((caught: unknown) => caught);
    expect(isKlingError(error) && error.message).toMatch(
      /^input\.png is not a video Kling Studio can read/,
    );
  });

  for (const moovFirst of [true, false]) {
    it.skipIf(!hasFfmpeg)(
      `ffprobe lists the tags and the media is unchanged (moov ${moovFirst ? 'before' : 'after'} the media)`,
      async () => {
        let source = FIXTURES.videos[0];
        if (!moovFirst) {
          source = join(dir, 'moov-last.mp4');
          execFileSync(ffmpeg, ['-v', 'error', '-i', FIXTURES.videos[0], '-c', 'copy', source]);
        }
        const order = await layout(source);
        expect(order.indexOf('moov') < order.indexOf('mdat')).toBe(moovFirst);
        const out = join(dir, 'tagged.mp4');
        await writeMp4WithRecipe({ source, destination: out, recipe, exclusive: true });

        const tags = formatTags(out);
        expect(tags).toMatchObject({
          description: recipe.prompt,
          comment: 'Kling Studio render r20261207-abc123: Kling 2.6, 5s, audio on, from boat.png',
          'kling:render_id': recipe.renderId,
          'kling:agent': 'kling',
          'kling:model': 'Kling_2_6',
          'kling:duration': '5s',
          'kling:audio': 'on',
          'kling:source_picture': 'boat.png',
          encoder: formatTags(source).encoder,
        });
        expect(packets(out)).toBe(packets(source));
        expect(await layout(out)).toEqual(order);
      },
    );
  }
});
