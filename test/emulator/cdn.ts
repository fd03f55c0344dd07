import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { type Damage, deliver } from './delivery';
import { FIXTURES } from './fixtures';
import { parseRange } from './range';
import { executionOfVideo, executionOutcome, fixtureIndexFor, type RunBook } from './runs';
import { syntheticBytes, syntheticStream } from './synthetic';

/** Something the CDN origin can serve, in any byte range. */
interface CdnAsset {
  contentType: string;
  size: number;
  /** Bytes [start, end], inclusive. */
  open(start: number, end: number): Readable;
  /** The whole thing (tests compare downloads with it). */
  readAll(): Promise<Buffer>;
}

/** Everything the CDN serves: run videos, posters and last frames (fixtures), uploaded images, synthetic files. */
export class CdnAssets {
  private readonly uploads = new Map<string, { bytes: Buffer; contentType: string }>();
  private readonly synthetic = new Map<string, { size: number; seed: number }>();
  private readonly fileSizes = new Map<string, number>();

  constructor(
    private readonly runs: RunBook,
    /** Videos per execution: tells which execution (and so which outcome) a video belongs to. */
    private readonly perExecution: number,
    /** The MP4 files run videos are served from (EmulatorOptions.videoFixtures). */
    private readonly videos: readonly string[] = FIXTURES.videos,
  ) {}

  /** Keeps an uploaded image; returns the CDN path it is served at. */
  addUpload(bytes: Buffer, extension: string, contentType: string): string {
    const name = `${randomBytes(8).toString('hex')}.${extension}`;
    this.uploads.set(name, { bytes, contentType });
    return `/uploads/${name}`;
  }

  addSynthetic(size: number): string {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad synthetic size ${size}`);
    const seed = this.synthetic.size + 1;
    const name = `${seed}-${randomBytes(4).toString('hex')}`;
    this.synthetic.set(name, { size, seed });
    return `/synthetic/${name}.mp4`;
  }

  async resolve(path: string): Promise<CdnAsset | undefined> {
    const [, area, first, second] = path.split('?')[0]?.split('/') ?? [];
    if (area === 'uploads' && first !== undefined && second === undefined) {
      const upload = this.uploads.get(first);
      return upload && bufferAsset(upload.bytes, upload.contentType);
    }
    if (area === 'synthetic' && first?.endsWith('.mp4') && second === undefined) {
      const file = this.synthetic.get(first.slice(0, -'.mp4'.length));
      return file && syntheticAsset(file.seed, file.size);
    }
    const isRunArea = area === 'videos' || area === 'posters' || area === 'lastframes';
    if (isRunArea && first !== undefined && second !== undefined) {
      const run = this.runs.get(decodeURIComponent(first));
      const match = /^(\d+)\.(mp4|jpg|png)$/.exec(second);
      if (!run || !match) return undefined;
      const index = Number(match[1]);
      if (index >= run.params.batchCount) return undefined;
      // Only results of executions that succeed exist (a failed or endless one delivers none).
      if (executionOutcome(run, executionOfVideo(index, this.perExecution)) !== 'Success') {
        return undefined;
      }
      if (area === 'lastframes' && match[2] === 'png') {
        return this.fileAsset(FIXTURES.largeVideoLastFrame, 'image/png');
      }
      if (area === 'videos' && match[2] === 'mp4') {
        const fixture = this.videos[fixtureIndexFor(run.executionId, index, this.videos.length)];
        return fixture === undefined ? undefined : this.fileAsset(fixture, 'video/mp4');
      }
      // Posters exist for even-indexed results only (see runs.ts).
      if (area === 'posters' && match[2] === 'jpg' && index % 2 === 0) {
        return this.fileAsset(FIXTURES.poster, 'image/jpeg');
      }
    }
    return undefined;
  }

  private async fileAsset(path: string, contentType: string): Promise<CdnAsset> {
    let size = this.fileSizes.get(path);
    if (size === undefined) {
      size = (await stat(path)).size;
      this.fileSizes.set(path, size);
    }
    return {
      contentType,
      size,
      open: (start, end) => createReadStream(path, { start, end }),
      readAll: () => readFile(path),
    };
  }
}

function bufferAsset(bytes: Buffer, contentType: string): CdnAsset {
  return {
    contentType,
    size: bytes.length,
    open: (start, end) => Readable.from([bytes.subarray(start, end + 1)]),
    readAll: async () => Buffer.from(bytes),
  };
}

function syntheticAsset(seed: number, size: number): CdnAsset {
  return {
    contentType: 'video/mp4',
    size,
    open: (start, end) => syntheticStream(seed, start, end),
    readAll: async () => syntheticBytes(seed, 0, size),
  };
}

/** Answers one CDN GET/HEAD (no key needed), with Range support and an optional damaged body. */
export async function serveCdn(
  req: IncomingMessage,
  res: ServerResponse,
  asset: CdnAsset | undefined,
  damage: Damage | undefined,
): Promise<void> {
  const plain = { 'content-type': 'text/plain; charset=utf-8' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...plain, allow: 'GET, HEAD' }).end('method not allowed');
    return;
  }
  if (asset === undefined) {
    res.writeHead(404, plain).end('not found');
    return;
  }
  const range = parseRange(req.headers.range, asset.size);
  const common = { 'content-type': asset.contentType, 'accept-ranges': 'bytes' };
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, {
      ...common,
      'content-range': `bytes */${asset.size}`,
      'content-length': '0',
    });
    res.end();
    return;
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : asset.size - 1;
  const headers =
    range.kind === 'partial'
      ? { ...common, 'content-range': `bytes ${start}-${end}/${asset.size}` }
      : common;
  const length = end - start + 1;
  await deliver(res, {
    status: range.kind === 'partial' ? 206 : 200,
    headers,
    length,
    open: req.method === 'HEAD' || length === 0 ? null : () => asset.open(start, end),
    ...(damage ? { damage } : {}),
  });
}

export type { CdnAsset };
