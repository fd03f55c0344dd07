import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { IMAGE_LIMITS } from '../../shared/render-request';
import { describeImage, imagePreviewDataUrl, inspectImage } from './inspect';
import { damagedPictures, makePng, pngClaiming } from './testing/pictures';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kling-images-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};

/** The KlingError an inspection throws; fails the test if it resolves instead. */
async function failureOf(promise: Promise<unknown>): Promise<KlingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KlingError);
  const kling = error as KlingError;
  expect(kling.kind).toBe('invalid-input');
  return kling;
}

describe('inspectImage: accepted images', () => {
  it.each([
    ['photo-400x320.jpg', 'jpg', 400, 320],
    ['portrait-320x480.webp', 'webp', 320, 480],
    ['square-300.png', 'png', 300, 300],
  ] as const)('reads %s by content', async (name, format, width, height) => {
    const path = fixture(name);
    const info = await inspectImage(path);
    expect(info).toMatchObject({ path, format, width, height });
    expect(info.bytes).toBeGreaterThan(0);
  });

  it('goes by content, not by extension (a JPEG named .png is a jpg)', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = await write('really-a-jpeg.png', await readFile(fixture('photo-400x320.jpg')));
    expect((await inspectImage(path)).format).toBe('jpg');
  });

  it('accepts the exact limits: 300 px sides and a 2.5:1 aspect', async () => {
    await expect(inspectImage(await write('edge.png', makePng(750, 300)))).resolves.toMatchObject({
      width: 750,
      height: 300,
    });
    await expect(inspectImage(await write('tall.png', makePng(300, 750)))).resolves.toMatchObject({
      height: 750,
    });
  });
});

describe('inspectImage: refusals, each with its own message', () => {
  it('a missing file', async () => {
    const error = await failureOf(inspectImage(join(dir, 'nope.png')));
    expect(error.message).toMatch(/^Image not found: .*nope\.png$/);
  });

  it('a folder', async () => {
    const folder = join(dir, 'pictures.png');
    await mkdir(folder);
    expect((await failureOf(inspectImage(folder))).message).toMatch(/folder, not an image/);
  });

  it('an empty file', async () => {
    const path = await write('empty.jpg', '');
    expect((await failureOf(inspectImage(path))).message).toMatch(/empty \(0 bytes\)/);
  });

  it('a text file named .png', async () => {
    const path = await write('notes.png', 'hello, this is not a picture\n');
    expect((await failureOf(inspectImage(path))).message).toMatch(/not PNG, JPEG or WebP/);
  });

  it('a GIF, named as such', async () => {
    const error = await failureOf(inspectImage(fixture('still-320x240.gif')));
    expect(error.message).toMatch(/^GIF images are not supported/);
  });

  it('a PNG whose header is cut short', async () => {
    const path = await write('cut.png', makePng(800, 600).subarray(0, 14));
    expect((await failureOf(inspectImage(path))).message).toBe(
      `${path}: the picture is damaged or incomplete (it ends before its last block). Open it in an image viewer, save it again, and try once more.`,
    );
  });

  // Each of these passed the header-only checks and was uploaded, started and paid for.
  it.each(damagedPictures().map((p) => [p.file, p] as const))(
    'a damaged picture: %s',
    async (file, { bytes, why }) => {
      const path = await write(file, bytes);
      const error = await failureOf(inspectImage(path));
      expect(error.message).toBe(
        `${path}: the picture is damaged or incomplete (${why}). Open it in an image viewer, save it again, and try once more.`,
      );
      // Why, by its own id too: the app says the whole reason in the chosen language.
      expect(error.messageRef?.params?.why).toMatchObject({
        text: why,
        ref: { id: expect.stringMatching(/^damage[A-Z]/) },
      });
    },
  );

  it('a header claiming more pixels than the ceiling (100000×100000)', async () => {
    const path = await write('bomb.png', pngClaiming(100_000, 100_000));
    expect((await failureOf(inspectImage(path))).message).toBe(
      `The image is 100000×100000 px (10,000 MP); Kling Studio takes at most 100 MP. Save a smaller copy and use that: ${path}`,
    );
  });

  it('the pixel ceiling itself is allowed; one row more is not', async () => {
    const side = Math.sqrt(IMAGE_LIMITS.maxPixels);
    await expect(
      inspectImage(await write('at.png', pngClaiming(side, side))),
    ).resolves.toMatchObject({ width: side, height: side });
    const over = await write('over.png', pngClaiming(side, side + 1));
    expect((await failureOf(inspectImage(over))).message).toMatch(/at most 100 MP/);
  });

  it('a file over 10 MB (checked without reading it all)', async () => {
    const path = await write('huge.png', makePng(1000, 1000));
    await truncate(path, IMAGE_LIMITS.maxBytes + 1);
    expect((await failureOf(inspectImage(path))).message).toMatch(/at most 10\.0 MB/);
  });

  it('a side under 300 px', async () => {
    const path = await write('small.png', makePng(299, 800));
    expect((await failureOf(inspectImage(path))).message).toBe(
      'The image is 299×800 px; Kling needs at least 300 px on each side',
    );
  });

  it('too wide and too tall', async () => {
    const wide = await write('wide.png', makePng(751, 300));
    expect((await failureOf(inspectImage(wide))).message).toMatch(
      /between 1:2\.5 and 2\.5:1 \(too wide\)/,
    );
    const tall = await write('tall.png', makePng(300, 751));
    expect((await failureOf(inspectImage(tall))).message).toMatch(/\(too tall\)/);
  });
});

describe('imagePreviewDataUrl', () => {
  it("is the file's own bytes with the mime type its content shows", async () => {
    const { readFile } = await import('node:fs/promises');
    const path = fixture('portrait-320x480.webp');
    const url = await imagePreviewDataUrl(path);
    expect(url.startsWith('data:image/webp;base64,')).toBe(true);
    const decoded = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    expect(decoded.equals(await readFile(path))).toBe(true);
  });

  it('refuses content that is not an accepted image', async () => {
    await failureOf(imagePreviewDataUrl(await write('x.jpg', 'plain text')));
  });

  it('describeImage joins the checks and the preview', async () => {
    const info = await describeImage(fixture('photo-400x320.jpg'));
    expect(info.format).toBe('jpg');
    expect(info.previewUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
  });
});
