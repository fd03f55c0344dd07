/**
 * Child: the same GET through node:http with the body read and dropped (no file, no checks).
 * Not a row: it shows how fast any Node client on this machine can take the bytes in, which is
 * the ceiling our downloader works under.
 */
import { nodeHttpGet } from '../../electron/engine/http-get';
import { childInput, reportResult } from './child';

const { url } = childInput<{ url: string }>();
const started = performance.now();
const response = await nodeHttpGet(url, { headers: {} });
let bytes = 0;
for await (const chunk of response.body) bytes += (chunk as Buffer).length;
reportResult({ seconds: (performance.now() - started) / 1000, bytes });
