/** Child: one download through the engine's downloader, timed in-process (like curl's time_total). */
import { setTimeout as delay } from 'node:timers/promises';
import { downloadFile } from '../../electron/engine/downloader';
import { childInput, reportResult } from './child';

interface Input {
  url: string;
  dest: string;
}

const { url, dest } = childInput<Input>();
const started = performance.now();
const { bytes } = await downloadFile({
  url,
  dest,
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
  now: Date.now,
});
reportResult({ seconds: (performance.now() - started) / 1000, bytes });
