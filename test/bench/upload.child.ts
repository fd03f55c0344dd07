/**
 * Child: one upload through the WeShop client's own keyed request path (callApi with the same
 * streamed multipart body uploadImage builds). uploadImage itself refuses files over Kling's
 * 10 MB limit before sending, so the 20 MB file goes through the layer below that check.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { callApi, parseAnswer } from '../../electron/weshop/http';
import { readUploadedUrl, UploadResponse, WESHOP_PATHS } from '../../shared/weshop-api';
import { childInput, reportResult } from './child';
import { collectGarbage, createPeakTracker } from './memory';

interface Input {
  apiBase: string;
  apiKey: string;
  file: string;
  warmUpFile: string;
}

const { apiBase, apiKey, file, warmUpFile } = childInput<Input>();

async function upload(path: string): Promise<string> {
  const form = new FormData();
  form.append('image', await openAsBlob(path, { type: 'image/jpeg' }), basename(path));
  const json = await callApi(
    { apiBase, fetch },
    {
      method: 'POST',
      path: WESHOP_PATHS.upload,
      key: apiKey,
      action: 'uploading the image',
      body: form,
      timeoutMs: 120_000,
      repeatable: true,
    },
  );
  return readUploadedUrl(parseAnswer(UploadResponse, json, 'uploading the image'));
}

// A small upload first: fetch, FormData and the client are loaded before anything is measured.
await upload(warmUpFile);

// Timed on its own: the memory sampler below polls every 2 ms and would slow this upload.
const started = performance.now();
const url = await upload(file);
const seconds = (performance.now() - started) / 1000;

// Memory on a second upload of the same file, sampled from a collected baseline.
collectGarbage();
const tracker = createPeakTracker();
const baseline = tracker.start();
await upload(file);
const peak = tracker.stop();
reportResult({ seconds, growth: peak - baseline, url });
