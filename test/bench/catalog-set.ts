/**
 * A catalog set of 500 pictures through the CLI (`batch --images DIR`) against 500 bare starts
 * through the same CLI (`batch FILE` of 500 rows whose one picture is already on WeShop: no
 * checks of 500 files, no estimate, no upload), both with the same concurrency on the same
 * emulator, each a fresh process timed from spawn until the emulator has created its 500th
 * run. Starts are bound by the concurrency (a render holds its slot until its videos are on
 * disk), so both sides wait alike; the ratio is what the catalog's work adds. The emulator's
 * request log gives the uploads: one per distinct picture.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliEnv, runCli, spawnCli } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { formatRatio, type Row, verdictOf } from './table';

const PICTURES = 500;
const DISTINCT = 400;
const CONCURRENCY = '16';
const TARGET = 1.2;
const DEADLINE_MS = 240_000;

export const CATALOG_SET_ROW = `${PICTURES} pictures queued as one set (CLI), emulator: spawn → all ${PICTURES} started; uploads`;
export const CATALOG_SET_TARGET = `≤ ${TARGET}× ${PICTURES} bare starts; 1 upload per distinct picture`;

const uploadsOn = (emulator: RunningEmulator) =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/assets/images'),
  ).length;
const runsOn = (emulator: RunningEmulator) =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/runs'),
  ).length;

/** 500 JPEGs: 400 distinct (the fixture plus a unique tail decoders ignore), 100 copies. */
async function makePictures(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const jpeg = await readFile(FIXTURES.jpegImage);
  const contents: Buffer[] = [];
  for (let i = 0; i < PICTURES; i++) {
    const bytes =
      i < DISTINCT ? Buffer.concat([jpeg, randomBytes(32)]) : (contents[i - DISTINCT] as Buffer);
    contents.push(bytes);
    await writeFile(join(dir, `product-${String(i).padStart(3, '0')}.jpg`), bytes);
  }
}

/** Spawn → the emulator's `want`th run created (then the CLI is stopped: its renders go on no more). */
async function timeToStarts(
  emulator: RunningEmulator,
  args: string[],
  home: string,
): Promise<number> {
  const want = runsOn(emulator) + PICTURES;
  const t0 = performance.now();
  const cli = spawnCli(args, { env: cliEnv(home, emulator), timeoutMs: DEADLINE_MS + 10_000 });
  const exited = cli.done.then(
    (run) => run,
    (error: unknown) => ({ code: -1, stderr: String(error) }),
  );
  let settled: { code: number | null; stderr: string } | null = null;
  void exited.then((run) => {
    settled = run;
  });
  try {
    while (runsOn(emulator) < want) {
      if (settled !== null) {
        const run = settled as { code: number | null; stderr: string };
        throw new Error(
          `kling-studio ${args[0]} exited ${run.code} early: ${run.stderr.slice(-300)}`,
        );
      }
      if (performance.now() - t0 > DEADLINE_MS) throw new Error(`not all ${PICTURES} started`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return performance.now() - t0;
  } finally {
    cli.child.kill('SIGKILL');
    await exited;
  }
}

export async function benchCatalogSet(workDir: string): Promise<{ row: Row; note: string }> {
  const emulator = await startEmulator({
    timings: { pendingMs: 50, segmentingMs: 50, runningMs: 100 },
    resultsPerExecution: 1,
  });
  try {
    const pictures = join(workDir, 'catalog-500');
    await makePictures(pictures);
    // The reference's one picture, uploaded beforehand into its library's upload cache.
    const bareHome = join(workDir, 'catalog-bare-home');
    const one = join(pictures, 'product-000.jpg');
    const warm = await runCli(['estimate', one, '--prompt', 'x'], {
      env: cliEnv(bareHome, emulator),
      timeoutMs: 60_000,
    });
    if (warm.code !== 0) throw new Error(`estimate exited ${warm.code}: ${warm.stderr}`);
    const rows = Array.from({ length: PICTURES }, (_, i) => ({
      image: one,
      prompt: `A slow, smooth camera move around product-${i}`,
    }));
    const file = join(workDir, 'catalog-bare.json');
    await writeFile(file, JSON.stringify(rows));
    const bareUploads = uploadsOn(emulator);
    const bareMs = await timeToStarts(
      emulator,
      ['batch', file, '--concurrency', CONCURRENCY],
      bareHome,
    );
    if (uploadsOn(emulator) !== bareUploads) throw new Error('the bare starts uploaded again');
    const before = uploadsOn(emulator);
    const catalogMs = await timeToStarts(
      emulator,
      ['batch', '--images', pictures, '--concurrency', CONCURRENCY],
      join(workDir, 'catalog-home'),
    );
    const uploads = uploadsOn(emulator) - before;
    const ratio = catalogMs / bareMs;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return {
      row: {
        what: CATALOG_SET_ROW,
        ours: `${seconds(catalogMs)}; ${uploads} uploads`,
        reference: `${PICTURES} bare starts ${seconds(bareMs)}`,
        ratio: formatRatio(ratio),
        target: CATALOG_SET_TARGET,
        verdict: verdictOf(ratio <= TARGET && uploads === DISTINCT),
      },
      note: `Catalog set: ${PICTURES} JPEGs (${DISTINCT} distinct contents, ${PICTURES - DISTINCT} byte-for-byte copies under other names) in one folder; \`kling-studio batch --images DIR --concurrency ${CONCURRENCY}\` on a fresh library (checks and hashes every picture, one estimate, then queues ${PICTURES} renders under one set id; each render's upload step uploads its picture through the content-addressed upload, so copies reuse the first upload). Reference: \`kling-studio batch FILE --concurrency ${CONCURRENCY}\`, ${PICTURES} rows of one picture already in that library's upload cache (no upload, no estimate). Both are fresh processes (node + tsx) timed from spawn until the emulator (runs 200 ms, one video each) has created the ${PICTURES}th run; a render holds its slot until its video is on disk, so both are concurrency-bound alike. Uploads counted in the emulator's request log: ${uploads} for ${DISTINCT} distinct pictures.`,
    };
  } finally {
    await emulator.close();
  }
}
