/**
 * Child: one upload through the WeShop client's own keyed request path (callApi with the same
 * file upload uploadImage asks for, sent by the default sendFile). uploadImage itself refuses
 * files over Kling's 10 MB limit before sending, so the 20 MB file goes through the layer below
 * that check.
 */
import { basename } from 'node:path';
import { sendFileOverHttp } from '../../electron/weshop/file-upload';
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
  const json = await callApi(
    { apiBase, fetch, sendFile: sendFileOverHttp },
    {
      method: 'POST',
      path: WESHOP_PATHS.upload,
      key: apiKey,
      action: 'uploading the image',
      upload: { path, field: 'image', filename: basename(path), contentType: 'image/jpeg' },
      timeoutMs: 120_000,
      repeatable: true,
    },
  );
  return readUploadedUrl(parseAnswer(UploadResponse, json, 'uploading the image'));
}

// A small upload first: the client and node:http are loaded before anything is measured.
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
