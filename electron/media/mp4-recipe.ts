import { constants } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { coreError, isKlingError, messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { agentOf, modelLabel } from '../../shared/models';
import { Recipe } from '../../shared/recipe';
import { withDiskErrors } from '../library/disk-errors';
import {
  type Box,
  childBoxes,
  fullBoxPayload,
  Mp4Error,
  makeBox,
  rawBoxHeader,
  readBoxHeader,
  shiftChunkOffsets,
} from './mp4-boxes';
import { copyRanges } from './mp4-copy';

/**
 * A render's settings in an MP4's metadata (moov/udta/meta/ilst, the iTunes-style tags every
 * player and ffprobe read): `desc` the prompt, `©cmt` a one-line summary, freeform `----` items
 * `kling:agent`, `kling:model`, … for people, and `kling-studio:recipe` (JSON) that New render
 * reads back. Written by copying the file with a rebuilt moov: the media bytes are not
 * re-encoded or changed, only moved when the moov before them grows (chunk offsets follow).
 */
export const RECIPE_TAG = 'kling-studio:recipe';
const FREEFORM_MEAN = 'com.apple.iTunes';
/** A moov larger than this is not read into memory (a 15 s clip's is a few KB). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function recipeOf(manifest: RenderManifest): Recipe {
  const { request } = manifest;
  return {
    renderId: manifest.id,
    agent: agentOf(request.model),
    model: request.model,
    prompt: request.prompt,
    duration: request.duration,
    generateAudio: request.generateAudio,
    sourcePicture: request.image ? basename(request.image.split('?')[0] ?? request.image) : null,
    ...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
  };
}

/** The tags as ffprobe lists them (format tags), besides the JSON recipe. */
function readableTags(recipe: Recipe): [string, string][] {
  return [
    ['kling:render_id', recipe.renderId],
    ['kling:agent', recipe.agent],
    ['kling:model', recipe.model],
    ['kling:duration', recipe.duration],
    ['kling:audio', recipe.generateAudio ? 'on' : 'off'],
    ['kling:source_picture', recipe.sourcePicture ?? '(none: from text)'],
    ...(recipe.aspectRatio
      ? ([['kling:aspect_ratio', recipe.aspectRatio]] as [string, string][])
      : []),
  ];
}

const dataBox = (text: string) =>
  // Type 1 = UTF-8 text, then a 4-byte locale (0: any).
  makeBox('data', new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]), utf8.encode(text));

const textItem = (type: string, text: string) => makeBox(type, dataBox(text));

const freeformItem = (name: string, text: string) =>
  makeBox(
    '----',
    makeBox('mean', ...fullBoxPayload(0, utf8.encode(FREEFORM_MEAN))),
    makeBox('name', ...fullBoxPayload(0, utf8.encode(name))),
    dataBox(text),
  );

function recipeItems(recipe: Recipe): {
  items: Uint8Array[];
  types: Set<string>;
  names: Set<string>;
} {
  const summary = `Kling Studio render ${recipe.renderId}: ${modelLabel(recipe.model)}, ${recipe.duration}, audio ${recipe.generateAudio ? 'on' : 'off'}${recipe.sourcePicture ? `, from ${recipe.sourcePicture}` : ''}`;
  const freeform = [
    ...readableTags(recipe),
    [RECIPE_TAG, JSON.stringify(recipe)] as [string, string],
  ];
  return {
    items: [
      textItem('desc', recipe.prompt),
      textItem('\u00a9cmt', summary),
      ...freeform.map(([name, text]) => freeformItem(name, text)),
    ],
    types: new Set(['desc', '\u00a9cmt']),
    names: new Set(freeform.map(([name]) => name)),
  };
}

const slice = (bytes: Uint8Array, box: Box) => bytes.subarray(box.start, box.start + box.size);
const body = (box: Box) => [box.start + box.headerSize, box.start + box.size] as const;

/** A freeform item's name ('' when it is not one or cannot be read). */
function freeformName(bytes: Uint8Array, item: Box): string {
  if (item.type !== '----') return '';
  const name = childBoxes(bytes, ...body(item)).find((box) => box.type === 'name');
  return name
    ? fromUtf8.decode(bytes.subarray(name.start + name.headerSize + 4, name.start + name.size))
    : '';
}

/** The first data box's text of an item. */
function itemText(bytes: Uint8Array, item: Box): string | null {
  const data = childBoxes(bytes, ...body(item)).find((box) => box.type === 'data');
  return data
    ? fromUtf8.decode(bytes.subarray(data.start + data.headerSize + 8, data.start + data.size))
    : null;
}

/** udta's meta: a full box (version, flags) holding hdlr and ilst. */
const metaChildren = (bytes: Uint8Array, meta: Box) =>
  childBoxes(bytes, meta.start + meta.headerSize + 4, meta.start + meta.size);

/** The items an existing ilst keeps (the encoder tag, a title…): all but those we write. */
function keptItems(bytes: Uint8Array, meta: Box | undefined, ours: ReturnType<typeof recipeItems>) {
  const ilst = meta ? metaChildren(bytes, meta).find((box) => box.type === 'ilst') : undefined;
  if (!ilst) return [];
  return childBoxes(bytes, ...body(ilst))
    .filter((item) => !ours.types.has(item.type) && !ours.names.has(freeformName(bytes, item)))
    .map((item) => slice(bytes, item));
}

const HDLR_MDIR = makeBox(
  'hdlr',
  ...fullBoxPayload(0, new Uint8Array(4), utf8.encode('mdirappl'), new Uint8Array(9)),
);

/** A new udta: its other children kept, its meta rebuilt with our items. */
function newUdta(bytes: Uint8Array, udta: Box | undefined, recipe: Recipe): Uint8Array {
  const children = udta ? childBoxes(bytes, ...body(udta)) : [];
  const meta = children.find((box) => box.type === 'meta');
  const ours = recipeItems(recipe);
  const ilst = makeBox('ilst', ...keptItems(bytes, meta, ours), ...ours.items);
  const newMeta = makeBox('meta', ...fullBoxPayload(0, HDLR_MDIR, ilst));
  const others = children.filter((box) => box.type !== 'meta').map((box) => slice(bytes, box));
  return makeBox('udta', ...others, newMeta);
}

/** moov with the recipe in its udta (chunk offsets not yet shifted). */
export function moovWithRecipe(moov: Uint8Array, recipe: Recipe): Uint8Array {
  const top = readBoxHeader(moov, 0, moov.length);
  if (top.type !== 'moov') throw new Mp4Error('not a moov box');
  const children = childBoxes(moov, ...body(top));
  const udta = children.find((box) => box.type === 'udta');
  const rest = children.filter((box) => box.type !== 'udta').map((box) => slice(moov, box));
  return makeBox('moov', ...rest, newUdta(moov, udta, recipe));
}

/** The recipe a moov carries, or null (none, or not one this version can read). */
export function recipeInMoov(moov: Uint8Array): Recipe | null {
  const top = readBoxHeader(moov, 0, moov.length);
  const udta = childBoxes(moov, ...body(top)).find((box) => box.type === 'udta');
  const meta = udta && childBoxes(moov, ...body(udta)).find((box) => box.type === 'meta');
  const ilst = meta && metaChildren(moov, meta).find((box) => box.type === 'ilst');
  if (!ilst) return null;
  const item = childBoxes(moov, ...body(ilst)).find(
    (box) => freeformName(moov, box) === RECIPE_TAG,
  );
  const text = item && itemText(moov, item);
  if (!text) return null;
  try {
    const parsed = Recipe.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The file's top-level boxes, read header by header (the media is never read). */
async function topLevelBoxes(path: string): Promise<{ boxes: Box[]; size: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const boxes: Box[] = [];
    const header = new Uint8Array(16);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await file.read(header, 0, 16, at);
      const raw = rawBoxHeader(header.subarray(0, bytesRead), 0);
      if (!raw) throw new Mp4Error(`a box header is cut off at byte ${at}`);
      const full = { ...raw, start: at, size: raw.size === 0 ? size - at : raw.size };
      if (full.size < raw.headerSize || at + full.size > size)
        throw new Mp4Error(`box ${JSON.stringify(raw.type)} runs past the end of the file`);
      boxes.push(full);
      at += full.size;
    }
    return { boxes, size };
  } finally {
    await file.close();
  }
}

async function readMoov(path: string, moov: Box): Promise<Uint8Array> {
  if (moov.size > MAX_MOOV_BYTES) throw new Mp4Error('its moov box is unusually large');
  const file = await open(path, 'r');
  try {
    const bytes = new Uint8Array(moov.size);
    await file.read(bytes, 0, moov.size, moov.start);
    return bytes;
  } finally {
    await file.close();
  }
}

const findMoov = (boxes: Box[]) => {
  const moov = boxes.find((box) => box.type === 'moov');
  if (!moov || boxes[0]?.type !== 'ftyp') throw new Mp4Error('it is not an MP4 with a moov box');
  return moov;
};

/**
 * Copies the MP4 at `source` to `destination` with the recipe in its metadata. The media data
 * is copied byte for byte; `exclusive` refuses an existing destination (an export's new folder).
 */
export async function writeMp4WithRecipe(options: {
  source: string;
  destination: string;
  recipe: Recipe;
  exclusive: boolean;
}): Promise<void> {
  const { source, destination } = options;
  try {
    const { boxes, size } = await topLevelBoxes(source);
    const moov = findMoov(boxes);
    const rebuilt = moovWithRecipe(await readMoov(source, moov), options.recipe);
    const moovEnd = moov.start + moov.size;
    // Media after the moov moves by the size change; media before it stays where it is.
    shiftChunkOffsets(rebuilt, moovEnd, rebuilt.length - moov.size);
    await copyRanges(source, destination, options.exclusive, [
      { from: 0, to: moov.start },
      rebuilt,
      { from: moovEnd, to: size },
    ]);
  } catch (error) {
    if (error instanceof Mp4Error)
      throw coreError('invalid-input', 'settingsNotAdded', { source, reason: error.message });
    throw error;
  }
}

/**
 * The recipe an MP4 carries: null for an MP4 without one; refused (invalid-input, saying why)
 * for a file that is not an MP4 it can read.
 */
export async function readRecipe(path: string): Promise<Recipe | null> {
  try {
    const { boxes } = await topLevelBoxes(path);
    return recipeInMoov(await readMoov(path, findMoov(boxes)));
  } catch (error) {
    if (error instanceof Mp4Error || (error as NodeJS.ErrnoException).code === 'EISDIR')
      throw coreError('invalid-input', 'notReadableVideo', {
        name: basename(path),
        reason: messageOf(error),
      });
    throw error;
  }
}

/**
 * Copies a render's video with its recipe in the metadata. A file this writer cannot read as
 * an MP4 is still copied, unchanged: the person asked for the video; `onPlainCopy` says why.
 */
export async function copyVideoWithRecipe(options: {
  source: string;
  destination: string;
  recipe: Recipe;
  exclusive: boolean;
  onPlainCopy: (why: string) => void;
}): Promise<void> {
  // A full disk or a folder the user may not write says so (place, cause, what to do).
  await withDiskErrors(
    options.destination,
    async () => {
      try {
        await writeMp4WithRecipe(options);
      } catch (error) {
        if (!(isKlingError(error) && error.kind === 'invalid-input')) throw error;
        options.onPlainCopy(error.message);
        await copyFile(
          options.source,
          options.destination,
          options.exclusive ? constants.COPYFILE_EXCL : 0,
        );
      }
    },
    'then save it again (or choose another place)',
  );
}
