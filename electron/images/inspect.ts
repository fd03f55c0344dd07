import type { Stats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { imageSize } from 'image-size';
import { KlingError } from '../../shared/errors';
import type { ImageInfo } from '../../shared/ipc';
import { IMAGE_LIMITS } from '../../shared/render-request';
import { type AcceptedFormat, MIME_TYPES, sniffImageFormat } from './sniff';

/** What the local checks learn about an image; the IPC's ImageInfo minus the preview. */
export type LocalImage = Omit<ImageInfo, 'previewUrl'>;

/** Enough for every PNG/WebP header and nearly every JPEG (EXIF blocks come before the size). */
const HEADER_BYTES = 512 * 1024;

const invalid = (message: string, cause?: unknown) =>
  new KlingError('invalid-input', message, cause === undefined ? {} : { cause });

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

async function statImage(path: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw invalid(`Image not found: ${path}`, error);
    if (code === 'EACCES' || code === 'EPERM') {
      throw invalid(`Cannot read the image (permission denied): ${path}`, error);
    }
    throw invalid(`Cannot read the image ${path}: ${code ?? String(error)}`, error);
  }
  if (info.isDirectory()) throw invalid(`This is a folder, not an image file: ${path}`);
  if (!info.isFile()) throw invalid(`This is not a regular file: ${path}`);
  if (info.size === 0) throw invalid(`The image file is empty (0 bytes): ${path}`);
  return info;
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function formatOf(head: Uint8Array, path: string): AcceptedFormat {
  const sniffed = sniffImageFormat(head);
  if (sniffed.kind === 'accepted') return sniffed.format;
  if (sniffed.kind === 'unsupported') {
    throw invalid(`${sniffed.name} images are not supported; use PNG, JPEG or WebP: ${path}`);
  }
  throw invalid(`Not an image Kling can use (the content is not PNG, JPEG or WebP): ${path}`);
}

interface Dimensions {
  width: number;
  height: number;
}

/** null when image-size cannot find a valid size in these bytes. */
function dimensionsOf(bytes: Uint8Array, format: AcceptedFormat): Dimensions | null {
  try {
    const size = imageSize(bytes);
    if (size.type !== format) return null;
    if (!(Number.isInteger(size.width) && size.width > 0)) return null;
    if (!(Number.isInteger(size.height) && size.height > 0)) return null;
    // EXIF orientations 5–8 are rotated a quarter turn: the picture shows height × width.
    const rotated = (size.orientation ?? 1) >= 5;
    return rotated
      ? { width: size.height, height: size.width }
      : { width: size.width, height: size.height };
  } catch {
    return null;
  }
}

function checkDimensions({ width, height }: Dimensions): void {
  const { minSidePx, minAspect, maxAspect } = IMAGE_LIMITS;
  if (width < minSidePx || height < minSidePx) {
    throw invalid(
      `The image is ${width}×${height} px; Kling needs at least ${minSidePx} px on each side`,
    );
  }
  const aspect = width / height;
  if (aspect < minAspect || aspect > maxAspect) {
    throw invalid(
      `The image is ${width}×${height} px; Kling takes aspect ratios between 1:2.5 and 2.5:1 (too ${
        aspect > maxAspect ? 'wide' : 'tall'
      })`,
    );
  }
}

/**
 * The checks Kling's limits call for, done locally before any upload (so they never spend
 * credits): format by content, size on disk, pixel size and aspect ratio.
 * Every failure is a KlingError('invalid-input') with a message naming the problem.
 */
export async function inspectImage(path: string): Promise<LocalImage> {
  const info = await statImage(path);
  const head = await readHead(path, Math.min(HEADER_BYTES, info.size));
  const format = formatOf(head, path);
  if (info.size > IMAGE_LIMITS.maxBytes) {
    throw invalid(
      `The image is ${megabytes(info.size)}; Kling accepts at most ${megabytes(IMAGE_LIMITS.maxBytes)}: ${path}`,
    );
  }
  // A JPEG with huge metadata may keep its size marker past the first chunk: read it all then
  // (bounded: the file is at most 10 MB here).
  const dimensions =
    dimensionsOf(head, format) ??
    (info.size > head.length ? dimensionsOf(await readFile(path), format) : null);
  if (!dimensions) {
    throw invalid(
      `The image looks like ${format.toUpperCase()} but its header is damaged or incomplete: ${path}`,
    );
  }
  checkDimensions(dimensions);
  return { path, format, width: dimensions.width, height: dimensions.height, bytes: info.size };
}

/** The file's own bytes as a data: URL for the renderer's preview. Only for checked images. */
export async function imagePreviewDataUrl(path: string): Promise<string> {
  const info = await statImage(path);
  if (info.size > IMAGE_LIMITS.maxBytes) {
    throw invalid(`The image is too large to preview (${megabytes(info.size)}): ${path}`);
  }
  const bytes = await readFile(path);
  const format = formatOf(bytes, path);
  return `data:${MIME_TYPES[format]};base64,${bytes.toString('base64')}`;
}

/** inspectImage plus the preview: the IPC's ImageInfo. */
export async function describeImage(path: string): Promise<ImageInfo> {
  const image = await inspectImage(path);
  return { ...image, previewUrl: await imagePreviewDataUrl(path) };
}
