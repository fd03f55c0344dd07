import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES } from '../emulator/fixtures';
import type { RunningEmulator } from '../emulator/server';
import { runChild } from './child';
import { curlUpload } from './curl';
import { formatMiB, formatRate, MiB, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROUNDS = 5;
const BIG = 20 * MiB;
const SMALL = 5 * MiB;

interface UploadResult {
  seconds: number;
  growth: number;
  url: string;
}

/** A real JPEG (the fixture) followed by random bytes up to `size`: decoders stop at its end. */
async function makeImage(path: string, size: number): Promise<void> {
  const jpeg = await readFile(FIXTURES.jpegImage);
  await writeFile(path, Buffer.concat([jpeg, randomBytes(size - jpeg.length)]));
}

export async function benchUpload(
  emulator: RunningEmulator,
  workDir: string,
): Promise<{ rows: Row[]; note: string }> {
  const big = join(workDir, 'upload-20mib.jpg');
  const small = join(workDir, 'upload-5mib.jpg');
  await makeImage(big, BIG);
  await makeImage(small, SMALL);
  const uploadUrl = `${emulator.apiBase}/agent/assets/images`;
  const ours = (file: string) =>
    runChild<UploadResult>(
      './upload.child.ts',
      { apiBase: emulator.apiBase, apiKey: emulator.apiKey, file, warmUpFile: FIXTURES.jpegImage },
      { nodeArgs: ['--expose-gc'] },
    );
  const oursRates: number[] = [];
  const curlRates: number[] = [];
  const bigGrowth: number[] = [];
  const smallGrowth: number[] = [];
  await repeat(ROUNDS, async (round) => {
    const measureOurs = async () => {
      const result = await ours(big);
      if (!result.url.startsWith(emulator.cdnBase)) throw new Error('the upload returned no URL');
      oursRates.push(BIG / result.seconds);
      bigGrowth.push(result.growth);
    };
    const measureCurl = async () => {
      const result = await curlUpload(big, uploadUrl, emulator.apiKey);
      curlRates.push(BIG / result.seconds);
    };
    if (round % 2 === 0) {
      await measureOurs();
      await measureCurl();
    } else {
      await measureCurl();
      await measureOurs();
    }
    smallGrowth.push((await ours(small)).growth);
  });
  const ratio = median(oursRates) / median(curlRates);
  const slope = (median(bigGrowth) - median(smallGrowth)) / (BIG - SMALL);
  return {
    rows: [
      {
        what: 'upload of a 20 MiB image (multipart, streamed)',
        ours: formatRate(median(oursRates)),
        reference: `curl -F ${formatRate(median(curlRates))}`,
        ratio: formatRatio(ratio),
        target: '≥ 0.8× curl',
        verdict: verdictOf(ratio >= 0.8),
      },
      {
        what: 'upload memory: peak RSS growth for a 20 MiB vs a 5 MiB image',
        ours: `+${formatMiB(median(bigGrowth))} vs +${formatMiB(median(smallGrowth))}`,
        reference: `${formatMiB(BIG - SMALL)} more file`,
        ratio: `${formatRatio(slope)} (growth per file byte)`,
        target: 'not proportional: ≤ 0.5× (a file held whole is ≥ 1×)',
        verdict: verdictOf(slope <= 0.5),
      },
    ],
    note: `Upload: ${ROUNDS} rounds, ours and curl alternating first. uploadImage refuses files over Kling's 10 MB limit before any request, so ours is the layer it sends through: electron/weshop/http.ts callApi (key header, origin check, timeout) with the file upload exactly as uploadImage asks for it (electron/weshop/file-upload.ts: node:http, multipart streamed from disk through one reused 1 MiB buffer, exact Content-Length), in a fresh child process (\`--expose-gc\`, warmed up with a small upload), timed inside it; memory is measured on a second upload of the same file in that child (GC before the baseline), so the 2 ms memory sampler never runs during the timed upload. Reference = \`curl -F image=@file -H "Authorization: KEY"\` to the same emulator endpoint, curl's time_total. The files are the JPEG fixture padded with random bytes to 20 MiB and 5 MiB (the emulator sniffs the JPEG header, holds the upload in memory in its own process). Memory = peak RSS − baseline in the child; the ratio is (growth at 20 MiB − growth at 5 MiB) / 15 MiB. Per round, ours: ${oursRates.map(formatRate).join(', ')}; curl: ${curlRates.map(formatRate).join(', ')}; growth 20 MiB: ${bigGrowth.map(formatMiB).join(', ')}; 5 MiB: ${smallGrowth.map(formatMiB).join(', ')}.`,
  };
}
