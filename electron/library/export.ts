import { constants } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { coreError, KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { agentOf, modelLabel } from '../../shared/models';
import { copyVideoWithRecipe, recipeOf } from '../media/mp4-recipe';

/**
 * Copies of a render's files to places the user chose (Save video as…, Export render). Plain
 * Node: the dialogs that pick the places live in the Electron shell; this only copies. Source
 * files are resolved by the library (only finished files inside the render's folder).
 */
export type ResolveMediaFile = (id: string, fileName: string) => Promise<string | null>;
/** Told when a video was copied without its settings (not an MP4 the recipe writer reads). */
export type PlainCopyNote = (why: string) => void;

export const SETTINGS_FILE = 'settings.json';

function assertAbsolute(path: string, what: string): void {
  if (!isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw new KlingError('invalid-input', `${what} must be an absolute path without "..": ${path}`);
  }
}

async function videoSource(
  manifest: RenderManifest,
  videoIndex: number,
  resolve: ResolveMediaFile,
): Promise<string> {
  const file = manifest.videos.find((video) => video.index === videoIndex)?.file;
  const path = file ? await resolve(manifest.id, file) : null;
  if (!path) {
    throw coreError('not-found', 'videoNotDownloadedToSave', { number: videoIndex + 1 });
  }
  return path;
}

/** A name for a video outside the library: what it shows, not an id. */
export function suggestedVideoName(manifest: RenderManifest, videoIndex: number): string {
  const words = manifest.request.prompt
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const count = manifest.videos.length > 1 ? `-${videoIndex + 1}` : '';
  return `${words || 'kling-video'}${count}.mp4`;
}

/**
 * Copies one finished video to `destination` (a path from a save dialog, which already asked
 * before replacing a file). `.mp4` is added when the user typed a name without it.
 */
export async function saveVideoCopy(options: {
  manifest: RenderManifest;
  videoIndex: number;
  destination: string;
  resolveMediaFile: ResolveMediaFile;
  onPlainCopy?: PlainCopyNote;
}): Promise<string> {
  assertAbsolute(options.destination, 'The place to save the video');
  const source = await videoSource(options.manifest, options.videoIndex, options.resolveMediaFile);
  const destination =
    extname(options.destination).toLowerCase() === '.mp4'
      ? options.destination
      : `${options.destination}.mp4`;
  // The render's settings travel in the file's metadata (no re-encode): mp4-recipe.ts.
  await copyVideoWithRecipe({
    source,
    destination,
    recipe: recipeOf(options.manifest),
    exclusive: false,
    onPlainCopy: options.onPlainCopy ?? (() => undefined),
  });
  return destination;
}

/** What settings.json of an export holds: the request and what WeShop said, never a key. */
export function exportSettings(manifest: RenderManifest, videoFiles: string[]) {
  const { request } = manifest;
  return {
    exportedBy: 'Kling Studio',
    renderId: manifest.id,
    createdAt: manifest.createdAt,
    state: manifest.state,
    prompt: request.prompt,
    agent: agentOf(request.model),
    model: request.model,
    modelLabel: modelLabel(request.model),
    duration: request.duration,
    generateAudio: request.generateAudio,
    batchCount: request.batchCount,
    image: request.image,
    ...(request.moreImages ? { moreImages: request.moreImages } : {}),
    ...(request.endFrame ? { endFrame: request.endFrame } : {}),
    ...(request.referenceVideo ? { referenceVideo: request.referenceVideo } : {}),
    ...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
    ...(manifest.executionId ? { weshopRunId: manifest.executionId } : {}),
    ...(manifest.credits ? { credits: manifest.credits } : {}),
    videos: videoFiles,
  };
}

/** The input pictures the library kept: picture 1, reference images 2–4, the end frame. */
const keptPictures = (manifest: RenderManifest): string[] =>
  [
    manifest.sourceImageFile,
    ...(manifest.moreImageCopies ?? []).map((picture) => picture.file),
    manifest.endFrameFile,
  ].filter((file): file is string => file !== undefined);

/** `base`, else `base-2`, `base-3`…: an export never writes into an existing folder. */
async function makeFreshFolder(parent: string, base: string): Promise<string> {
  for (let attempt = 1; attempt <= 100; attempt++) {
    const folder = join(parent, attempt === 1 ? base : `${base}-${attempt}`);
    try {
      await mkdir(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw coreError('internal', 'exportNoFolder', { parent });
}

/**
 * Exports a render into a new folder inside `parent` (a folder the user picked): every
 * downloaded video, the input pictures the library kept a copy of, and settings.json.
 * Returns the new folder and the files written, in order.
 */
export async function exportRender(options: {
  manifest: RenderManifest;
  parent: string;
  resolveMediaFile: ResolveMediaFile;
  onPlainCopy?: PlainCopyNote;
}): Promise<{ folder: string; files: string[] }> {
  const { manifest, resolveMediaFile } = options;
  assertAbsolute(options.parent, 'The export folder');
  const videos = manifest.videos.filter((video) => video.file);
  const sources = await Promise.all(
    videos.map((video) => videoSource(manifest, video.index, resolveMediaFile)),
  );
  if (sources.length === 0) {
    throw coreError('not-found', 'nothingToExport');
  }
  const folder = await makeFreshFolder(options.parent, `kling-${manifest.id}`);
  const files: string[] = [];
  for (const [position, source] of sources.entries()) {
    const name = `video-${(videos[position]?.index ?? position) + 1}.mp4`;
    await copyVideoWithRecipe({
      source,
      destination: join(folder, name),
      recipe: recipeOf(manifest),
      exclusive: true,
      onPlainCopy: options.onPlainCopy ?? (() => undefined),
    });
    files.push(name);
  }
  const videoFiles = [...files];
  for (const picture of keptPictures(manifest)) {
    const path = await resolveMediaFile(manifest.id, picture);
    if (!path) continue;
    await copyFile(path, join(folder, picture), constants.COPYFILE_EXCL);
    files.push(picture);
  }
  await writeFile(
    join(folder, SETTINGS_FILE),
    `${JSON.stringify(exportSettings(manifest, videoFiles), null, 2)}\n`,
    { flag: 'wx' },
  );
  files.push(SETTINGS_FILE);
  return { folder, files };
}
