/**
 * `npm run bench`: measures every row in one run on this machine (all traffic on 127.0.0.1),
 * prints the table and writes it, with the machine, to docs/benchmarks.md. Not part of
 * `npm test`. Bounded: every child, wait and simulated clock has its own limit, and the
 * whole run stops after 25 minutes (making 100,000 renders takes minutes).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageOf } from '../../shared/errors';
import { startEmulator } from '../emulator/server';
import { benchAppScale } from './app-scale';
import { benchCatalogSet, CATALOG_SET_ROW, CATALOG_SET_TARGET } from './catalog-set';
import { benchCliListScale } from './cli-list-scale';
import { benchCliStart } from './cli-start';
import { benchCompletion } from './completion';
import { benchDownloadMemory } from './download-memory';
import { benchDownloadThroughput } from './download-throughput';
import { benchLibraryGrid } from './library-grid';
import { benchLibraryList } from './library-list';
import { describeMachine } from './machine';
import { makeLibrary } from './make-library';
import { benchLongPolling, benchPolling } from './polling';
import { benchQueueStart, REALISTIC_START_MS } from './queue-start';
import { failedRow, type Row, renderReport, renderTable } from './table';
import { benchUpload } from './upload';

const LIBRARY_SIZE = 10_000;
const LARGE_LIBRARY_SIZE = 100_000;
// Making 100,000 renders on disk takes minutes on 2 cores.
const WHOLE_RUN_LIMIT_MS = 25 * 60_000;
const output = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks.md');

const started = Date.now();
const machine = describeMachine();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
machine['load average (1/5/15 min) at start'] = load();

/** Each generated library is made once per run, by the first step that needs it. */
const made = new Map<string, Promise<void>>();
const libraryOf = (at: string, count: number): Promise<void> => {
  const making = made.get(at) ?? makeLibrary(at, count);
  made.set(at, making);
  return making;
};

const rows: Row[] = [];
const notes: string[] = [];
const workDir = await mkdtemp(join(tmpdir(), 'kling-bench-'));
const emulator = await startEmulator();
const watchdog = setTimeout(() => {
  console.error(`bench: stopped after ${WHOLE_RUN_LIMIT_MS / 60_000} minutes`);
  rmSync(workDir, { recursive: true, force: true });
  process.exit(1);
}, WHOLE_RUN_LIMIT_MS);
watchdog.unref();

/**
 * `npm run bench -- --only <text>` runs just the steps whose label contains the text (to check
 * one row) and prints its table without rewriting docs/benchmarks.md, which holds whole runs.
 */
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? null : (process.argv[onlyAt + 1] ?? '');

/** Runs one benchmark; a failure becomes a MISS row with the reason, and the run goes on. */
async function step(
  label: string,
  targets: Array<[what: string, target: string]>,
  work: () => Promise<{ rows: Row[]; note: string }>,
): Promise<void> {
  if (only !== null && !label.includes(only)) return;
  const t0 = Date.now();
  process.stdout.write(`bench: ${label}… `);
  try {
    const result = await work();
    rows.push(...result.rows);
    notes.push(result.note);
    console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } catch (error) {
    console.log(`failed: ${messageOf(error)}`);
    for (const [what, target] of targets) rows.push(failedRow(what, target, error));
  }
}
const single = (work: () => Promise<{ row: Row; note: string }>) => async () => {
  const { row, note } = await work();
  return { rows: [row], note };
};

try {
  await step(
    'cli start',
    [['CLI cold start: kling-studio --version', '≤ 3× node -e 0']],
    single(() => benchCliStart(workDir)),
  );
  await step(
    'download throughput',
    [['download throughput, one 200 MiB file', '≥ 0.8× curl']],
    single(() => benchDownloadThroughput(emulator, workDir)),
  );
  await step(
    'download memory',
    [['memory while downloading 64 videos at once', 'growth < 64 MiB']],
    () => benchDownloadMemory(emulator),
  );
  await step(
    'polling',
    [
      ['polling, learned: status requests', '≤ 0.5× the 3 s loop'],
      ['polling, learned: mean detection lag', '≤ 2.00 s (1.5 s + 0.5 s)'],
      ['polling, learned: worst detection lag', '≤ 3.50 s'],
    ],
    () => benchPolling(workDir),
  );
  await step(
    'long polling',
    [
      ['polling, learned, long runs: status requests', '≤ 0.5× the 3 s loop'],
      ['polling, learned, long runs: mean detection lag', '≤ 2.00 s (1.5 s + 0.5 s)'],
      ['polling, learned, long runs: worst detection lag', '≤ 3.50 s'],
    ],
    () => benchLongPolling(workDir),
  );
  await step(
    'completion',
    [['completion → all videos on disk', '≤ one poll interval + 1.2× transfer']],
    single(() => benchCompletion(emulator, workDir)),
  );
  const home = join(workDir, 'library');
  const home100k = join(workDir, 'library-100k');
  await step(
    `library list (making ${LIBRARY_SIZE.toLocaleString('en')} renders first)`,
    [['library: list 10,000 renders (cold process)', '< 300 ms and ≤ 1.0× the plain loop']],
    single(async () => {
      await libraryOf(home, LIBRARY_SIZE);
      return benchLibraryList(home, LIBRARY_SIZE);
    }),
  );
  await step(
    'library grid',
    [
      ['library grid: first thumbnail painted', 'first paint < 500 ms'],
      ['library grid: DOM elements before → after a scroll to the end', 'bounded'],
    ],
    () => benchLibraryGrid(home, LIBRARY_SIZE, emulator),
  );
  await step(
    'app at 100,000 renders',
    [
      ['100,000 renders: app core open + first Library page', '≤ 300 ms'],
      ["100,000 renders: page load → Library's first thumbnail painted in Chromium", '≤ 500 ms'],
      ['100,000 renders: main + renderer memory after scrolling the whole grid', '≤ 250 MB each'],
    ],
    async () => {
      await libraryOf(home, LIBRARY_SIZE);
      await libraryOf(home100k, LARGE_LIBRARY_SIZE);
      return benchAppScale(
        { home, renders: LIBRARY_SIZE },
        { home: home100k, renders: LARGE_LIBRARY_SIZE },
      );
    },
  );
  await step(
    'CLI list at 100,000 renders',
    [
      ['100,000 renders: cold `list --json --limit 50`', '≤ 300 ms and ≤ 2× --version'],
      ['100,000 renders: cold `list --search harbour --json --limit 50`', '≤ 300 ms'],
      ['100,000 renders: peak RSS of that CLI', '≤ 150 MB'],
      ['10,000 → 100,000 renders: CLI first page', 'grows ≤ 2×'],
    ],
    async () => {
      await libraryOf(home, LIBRARY_SIZE);
      await libraryOf(home100k, LARGE_LIBRARY_SIZE);
      return benchCliListScale(
        workDir,
        { home, renders: LIBRARY_SIZE },
        { home: home100k, renders: LARGE_LIBRARY_SIZE },
      );
    },
  );
  await step(
    'queue to start',
    [
      ['Queue → start answered, 5 MB local image already picked', '≤ 1.2× the bare start'],
      [
        `Queue → start answered, 5 MB local image already picked, start answered after ${REALISTIC_START_MS} ms`,
        '≤ 1.2× the bare start',
      ],
    ],
    async () => {
      // The same workload twice: loopback as is, then a start answered as over the internet.
      const loopback = await benchQueueStart(emulator, workDir);
      const realistic = await benchQueueStart(emulator, workDir, REALISTIC_START_MS);
      return { rows: [loopback.row, realistic.row], note: `${loopback.note}\n- ${realistic.note}` };
    },
  );
  await step(
    'upload',
    [
      ['upload of a 20 MiB image', '≥ 0.8× curl'],
      ['upload memory', 'not proportional'],
    ],
    () => benchUpload(emulator, workDir),
  );
  await step(
    'catalog set',
    [[CATALOG_SET_ROW, CATALOG_SET_TARGET]],
    single(() => benchCatalogSet(workDir)),
  );
} finally {
  await emulator.close();
  await rm(workDir, { recursive: true, force: true });
}

machine['load average (1/5/15 min) at end'] = load();
const report = renderReport({ machine, rows, notes, durationMs: Date.now() - started });
if (only === null) {
  await writeFile(output, report);
  console.log(`\n${renderTable(rows)}\n\nWritten to docs/benchmarks.md`);
} else {
  console.log(
    `\n${renderTable(rows)}\n\n${notes.join('\n')}\n(--only: docs/benchmarks.md not rewritten)`,
  );
}
clearTimeout(watchdog);
