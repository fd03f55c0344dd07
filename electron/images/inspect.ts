import type { Stats } from 'node:fs';
import { type FileHandle, open, readFile, stat } from 'node:fs/promises';
import { imageSize } from 'image-size';
import {
  CORE_MESSAGES,
  type CoreMessageId,
  coreSaid,
  type MessageParams,
  saidParam,
} from '../../shared/core-messages';
import { coreError, type KlingError } from '../../shared/errors';
import type { ImageInfo } from '../../shared/ipc';
import { IMAGE_LIMITS } from '../../shared/render-request';
import { type AcceptedFormat, MIME_TYPES, sniffImageFormat } from './sniff';
import { type Damage, findDamage } from './structure';

/** What the local checks learn about an image; the IPC's ImageInfo minus the preview. */
export type LocalImage = Omit<ImageInfo, 'previewUrl'>;

const invalid = (id: CoreMessageId, params: MessageParams, cause?: unknown) =>
  coreError('invalid-input', id, params, cause === undefined ? {} : { cause });

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Enough to name any format by its magic bytes (sniffImageFormat reads at most 12). */
const SNIFF_BYTES = 64;

/** The damage's core message ids (its English is DAMAGE's), so `why` is said by id too. */
const DAMAGE_IDS = [
  'damageCut',
  'damageChecksum',
  'damageNoPicture',
  'damageHeaderNotFirst',
  'damageMalformed',
  'damageSizeMismatch',
  'damageNoSize',
] as const satisfies readonly CoreMessageId[];

function damaged(path: string, why: Damage | typeof CORE_MESSAGES.damageNoSize) {
  const id = DAMAGE_IDS.find((damage) => CORE_MESSAGES[damage] === why);
  return invalid('imageDamaged', { path, why: id ? saidParam(coreSaid(id)) : why });
}

const tooLarge = (path: string, bytes: number) =>
  invalid('imageTooLarge', {
    size: megabytes(bytes),
    max: megabytes(IMAGE_LIMITS.maxBytes),
    path,
  });

/** A failed stat or read, as the refusal that says why (missing, permission, other). */
function unreadable(path: string, error: unknown): KlingError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return invalid('imageNotFound', { path }, error);
  if (code === 'EACCES' || code === 'EPERM') {
    return invalid('imagePermission', { path }, error);
  }
  return invalid('imageUnreadable', { path, code: code ?? String(error) }, error);
}

async function statImage(path: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (info.isDirectory()) throw invalid('imageIsFolder', { path });
  if (!info.isFile()) throw invalid('imageNotFile', { path });
  if (info.size === 0) throw invalid('imageEmpty', { path });
  return info;
}

/** The first `length` bytes (fewer when the file is shorter). */
async function readHead(path: string, length: number): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    // One read call may return less than asked for (it does on some file systems): go on to EOF.
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}

function formatOf(head: Uint8Array, path: string): AcceptedFormat {
  const sniffed = sniffImageFormat(head);
  if (sniffed.kind === 'accepted') return sniffed.format;
  if (sniffed.kind === 'unsupported') {
    throw invalid('imageFormatUnsupported', { format: sniffed.name, path });
  }
  throw invalid('imageNotImage', { path });
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

function checkDimensions({ width, height }: Dimensions, path: string): void {
  const { minSidePx, minAspect, maxAspect, maxPixels } = IMAGE_LIMITS;
  if (width < minSidePx || height < minSidePx) {
    throw invalid('imageTooSmall', { width, height, min: minSidePx });
  }
  const aspect = width / height;
  if (aspect < minAspect || aspect > maxAspect) {
    throw invalid(aspect > maxAspect ? 'imageTooWide' : 'imageTooTall', { width, height });
  }
  if (width * height > maxPixels) {
    const megapixels = (pixels: number) => `${Math.round(pixels / 1e6).toLocaleString('en')} MP`;
    throw invalid('imageTooManyPixels', {
      width,
      height,
      pixels: megapixels(width * height),
      max: megapixels(maxPixels),
      path,
    });
  }
}

/**
 * The checks Kling's limits call for, done locally before any upload (so they never spend
 * credits): format by content, size on disk, the file whole (structure.ts: a picture cut short
 * keeps a valid header), pixel size and aspect ratio. Every path a local picture takes to
 * WeShop (upload, estimate, start; the app's pick and drop, the CLI, Continue) calls this.
 * Every failure is a KlingError('invalid-input') with a message naming the problem.
 */
export async function inspectImage(path: string): Promise<LocalImage> {
  const info = await statImage(path);
  if (info.size > IMAGE_LIMITS.maxBytes) {
    // Name the format first (a 12 MB GIF is "not supported", not "too large"), without
    // reading a file this big.
    formatOf(await readHead(path, SNIFF_BYTES), path);
    throw tooLarge(path, info.size);
  }
  // The whole file, read once. One byte past what stat said: a file still being written
  // (a copy or download under way) is caught instead of checked by a prefix.
  const bytes = await readHead(path, info.size + 1);
  if (bytes.length !== info.size) {
    throw invalid('imageChanging', { path });
  }
  const format = formatOf(bytes, path);
  const damage = findDamage(bytes, format);
  if (damage) throw damaged(path, damage);
  const dimensions = dimensionsOf(bytes, format);
  if (!dimensions) throw damaged(path, CORE_MESSAGES.damageNoSize);
  checkDimensions(dimensions, path);
  return { path, format, width: dimensions.width, height: dimensions.height, bytes: bytes.length };
}

/** The file's own bytes as a data: URL for the renderer's preview. Only for checked images. */
export async function imagePreviewDataUrl(path: string): Promise<string> {
  const info = await statImage(path);
  if (info.size > IMAGE_LIMITS.maxBytes) {
    throw invalid('imageTooLargePreview', { size: megabytes(info.size), path });
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
