/** Small helpers for tests that talk to the emulator (any test may use them). */
import { openAsBlob } from 'node:fs';
import { request } from 'node:http';
import { basename } from 'node:path';
import type { Emulator } from './types';

/** A valid start body in the shape WeShop's clients send (all three image fields). */
export function startBody(imageUrl: string, params: Record<string, unknown> = {}) {
  return {
    agent: { name: 'kling', version: 'v1.0' },
    input: { images: [imageUrl], originalImage: imageUrl },
    params: {
      images: [imageUrl],
      textDescription: 'slow dolly-in, hair moving in the wind',
      modelName: 'Kling_3_0',
      duration: '5s',
      generateAudio: 'false',
      batchCount: 1,
      ...params,
    },
  };
}

/**
 * A start body for any agent in the shape Kling Studio sends: pictures in params.images,
 * input.images and (the first) input.originalImage; a reference video in params.videos and
 * input.videos. `params` are added as given (nothing is filled in: each agent takes different ones).
 */
export interface AnyStartBody {
  agent: { name: string; version: string };
  input: Record<string, unknown>;
  params: Record<string, unknown>;
}

export function agentStartBody(
  agent: string,
  options: {
    images?: readonly string[];
    video?: string;
    params?: Record<string, unknown>;
    input?: Record<string, unknown>;
  } = {},
): AnyStartBody {
  const images = options.images ?? [];
  const videos = options.video === undefined ? undefined : [options.video];
  return {
    agent: { name: agent, version: 'v1.0' },
    input: {
      ...(images.length > 0 ? { images: [...images], originalImage: images[0] } : {}),
      ...(videos ? { videos } : {}),
      ...options.input,
    },
    params: {
      ...(images.length > 0 ? { images: [...images] } : {}),
      ...(videos ? { videos } : {}),
      ...options.params,
    },
  };
}

/** fetch against the API origin with the emulator's key (unless headers say otherwise). */
export function apiFetch(
  emulator: Pick<Emulator, 'apiBase' | 'apiKey'>,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<Response> {
  const { json, headers, ...rest } = init;
  const allHeaders = new Headers(headers);
  if (!allHeaders.has('authorization')) allHeaders.set('authorization', emulator.apiKey);
  if (json !== undefined) allHeaders.set('content-type', 'application/json');
  return fetch(`${emulator.apiBase}${path}`, {
    ...rest,
    headers: allHeaders,
    ...(json === undefined ? {} : { method: rest.method ?? 'POST', body: JSON.stringify(json) }),
    signal: rest.signal ?? AbortSignal.timeout(10_000),
  });
}

/** Uploads a local file in field `image`; returns the URL from data.image. */
export async function uploadFile(
  emulator: Pick<Emulator, 'apiBase' | 'apiKey'>,
  path: string,
  type: string,
): Promise<string> {
  const form = new FormData();
  form.append('image', await openAsBlob(path, { type }), basename(path));
  const response = await apiFetch(emulator, '/agent/assets/images', { method: 'POST', body: form });
  const body = (await response.json()) as { data?: { image?: string } };
  if (response.status !== 200 || !body.data?.image) {
    throw new Error(`upload failed: ${response.status}`);
  }
  return body.data.image;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  /** False when the connection closed before the announced body arrived. */
  complete: boolean;
}

/**
 * A GET/HEAD through node:http that keeps whatever arrived even when the server hangs up
 * mid-body (fetch would only throw), so tests can count the bytes of a cut download.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    req.setTimeout(10_000, () => req.destroy(new Error('raw request timed out')));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes: Buffer.concat(chunks),
          complete: res.complete,
        });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    req.end();
  });
}

/** A controllable clock for the emulator's `now` option. */
export function fakeClock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** Polls `condition` every 5 ms until it holds; throws after `timeoutMs` (tests stay bounded). */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
