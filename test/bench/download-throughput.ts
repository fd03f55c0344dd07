import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningEmulator } from '../emulator/server';
import { runChild } from './child';
import { type CurlTransfer, curlDownload } from './curl';
import { formatRate, MiB, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

export const DOWNLOAD_BYTES = 200 * MiB;
const ROUNDS = 5;
const WHAT = 'download throughput, one 200 MiB file from the emulator CDN';
const TARGET = '≥ 0.8× curl';

const rate = (t: CurlTransfer) => t.bytes / t.seconds;

/** Our downloader (in a child process) against `curl -o`, alternating which goes first. */
export async function benchDownloadThroughput(
  emulator: RunningEmulator,
  workDir: string,
): Promise<{ row: Row; note: string }> {
  const url = emulator.addSyntheticVideo(DOWNLOAD_BYTES);
  const ours: number[] = [];
  const curl: number[] = [];
  const ceiling: number[] = [];
  await repeat(ROUNDS, async (round) => {
    const dest = join(workDir, `ours-${round}.mp4`);
    const measureOurs = async () => {
      const result = await runChild<CurlTransfer>('./download-throughput.child.ts', { url, dest });
      if (result.bytes !== DOWNLOAD_BYTES) throw new Error(`downloaded ${result.bytes} bytes`);
      ours.push(rate(result));
      await rm(dest, { force: true });
    };
    const measureCurl = async () => {
      const result = await curlDownload([url], workDir);
      if (result.bytes !== DOWNLOAD_BYTES) throw new Error(`curl downloaded ${result.bytes} bytes`);
      curl.push(rate(result));
      await rm(join(workDir, 'curl-0.bin'), { force: true });
    };
    const measureCeiling = async () => {
      const result = await runChild<CurlTransfer>('./download-ceiling.child.ts', { url });
      if (result.bytes !== DOWNLOAD_BYTES) throw new Error(`read ${result.bytes} bytes`);
      ceiling.push(rate(result));
    };
    await measureCeiling();
    if (round % 2 === 0) {
      await measureOurs();
      await measureCurl();
    } else {
      await measureCurl();
      await measureOurs();
    }
  });
  const ratio = median(ours) / median(curl);
  return {
    row: {
      what: WHAT,
      ours: formatRate(median(ours)),
      reference: `curl ${formatRate(median(curl))}`,
      ratio: formatRatio(ratio),
      target: TARGET,
      verdict: verdictOf(ratio >= 0.8),
    },
    note: `Download throughput: ${ROUNDS} rounds, ours and curl alternating first. Ours is electron/engine/downloader.ts downloadFile (node:http GET from http-get.ts, one stream pipeline into a .part file, size check, rename) in a fresh child process, timed inside it; curl is \`curl -o\` timed by its own time_total. Both write to the same temp dir; the emulator (parent process) generates the 200 MiB body on the fly. Per round, ours: ${ours.map((r) => formatRate(r)).join(', ')}; curl: ${curl.map((r) => formatRate(r)).join(', ')}. For scale, node:http reading the same body and discarding it (no file at all) reached ${formatRate(median(ceiling))} (median; ${formatRatio(median(ceiling) / median(curl))} curl): on this 2-core machine the emulator, the client's event loop and the kernel share the CPU, and a Node client spends more CPU per byte than curl before writing anything.`,
  };
}
