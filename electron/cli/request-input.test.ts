import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome } from '../library/testing';
import { normaliseDuration, prepareRequest, resolveImageArgument } from './request-input';

const PNG = join(import.meta.dirname, '..', 'images', 'fixtures', 'square-300.png');

describe('resolveImageArgument', () => {
  it('makes local paths absolute and leaves URLs and absolute paths alone', () => {
    expect(resolveImageArgument('cat.png', '/home/me')).toBe('/home/me/cat.png');
    expect(resolveImageArgument('../x/cat.png', '/home/me')).toBe('/home/x/cat.png');
    expect(resolveImageArgument('/tmp/cat.png', '/home/me')).toBe('/tmp/cat.png');
    expect(resolveImageArgument('C:\\pics\\cat.png', '/home/me')).toBe('C:\\pics\\cat.png');
    expect(resolveImageArgument('http://x/cat.png', '/home/me')).toBe('http://x/cat.png');
  });

  it('reads a bare number of seconds as a duration', () => {
    expect(normaliseDuration('7')).toBe('7s');
    expect(normaliseDuration('7s')).toBe('7s');
    expect(normaliseDuration('seven')).toBe('seven');
  });
});

describe('prepareRequest', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ home: dir, remove } = await makeTempHome('kling-cli-req-'));
  });
  afterEach(() => remove());

  it('fills defaults for a valid local image', async () => {
    expect(await prepareRequest({ image: PNG, prompt: 'pan' })).toMatchObject({
      image: PNG,
      model: 'Kling_3_0',
      duration: '5s',
      batchCount: 1,
    });
  });

  it('rejects schema problems and bad files as invalid input', async () => {
    await expect(
      prepareRequest({ image: PNG, prompt: 'p', model: 'Kling_2_1', duration: '7s' }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('5s or 10s'),
    });
    await expect(prepareRequest({ image: 'http://x/a.png', prompt: 'p' })).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('https'),
    });
    const text = join(dir, 'notes.png');
    await writeFile(text, 'just some text, not a picture');
    await expect(prepareRequest({ image: text, prompt: 'p' })).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('Not an image'),
    });
    await expect(
      prepareRequest({ image: join(dir, 'gone.png'), prompt: 'p' }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('not found'),
    });
  });
});
