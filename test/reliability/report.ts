/**
 * Prints what the reliability suites counted in their last run (.tmp/reliability-counts.json,
 * written by the suites themselves) and rewrites the README's Reliability section between
 * the markers. Run after the suites: `npx vitest run test/reliability && npx tsx test/reliability/report.ts`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COUNTS_FILE, type CountsFile, readCounts } from './support/counts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- reliability:start -->';
const END = '<!-- reliability:end -->';

const get = (counts: CountsFile, suite: string, key: string): string => {
  const value = counts[suite]?.[key];
  return value === undefined ? '(not run)' : String(value);
};

export function renderSection(counts: CountsFile): string {
  const c = (suite: string, key: string) => get(counts, suite, key);
  const dates = Object.values(counts)
    .map((s) => s.recordedAt)
    .sort();
  const rows = [
    [
      '`crash-matrix.test.ts`',
      `**${c('crashMatrix', 'crashPoints')} crash points** (listed below): the real CLI (\`generate --json\`) is killed with SIGKILL at each, then \`resume\` runs in a new process. Every job ends done with every video byte-equal to what the emulator served — or needs-attention, with a message saying why, when the start was sent and its answer never saved. The emulator ignores Idempotency-Key here, and still saw exactly one start per render; no \`.part\` or temp file is left.`,
    ],
    [
      '`fault-matrix.test.ts`',
      `**${c('faults', 'rows')} faults** through the engine, the real client and the emulator: 401, credits exhausted, 429 + Retry-After, 5xx bursts, hung requests past a short client timeout, malformed JSON, unexpected fields, a failed run with a reason, a cut download, a wrong Content-Length, redirects to another host, the network going away and back. Each row checks the user-facing error (kind + words), the final state, videos on disk when the run succeeded, at most one run per render (the emulator ignores Idempotency-Key, so the guarantee is ours), and — where a Retry makes sense — that Retry ends done without a second charge.`,
    ],
    [
      '`bad-input.test.ts`',
      `**${c('badInputs', 'rows')} bad inputs** (${c('badInputs', 'images')} images, ${c('badInputs', 'requests')} requests, ${c('badInputs', 'ipc')} IPC payloads and ids, ${c('badInputs', 'media')} media-protocol URLs): each refused with its exact error kind (\`invalid-input\`, \`not-found\`), and the emulator saw no request at all — bad input never costs credits. Includes path traversal through IPC and the media protocol.`,
    ],
    [
      '`key-safety.test.ts`',
      `A full run (batch 2) and error paths (a 401 and a 400 that echo the key, the network gone) with a distinctive key. Searched: ${c('keySafety', 'files')} library files, ${c('keySafety', 'ipcAnswers')} IPC answers, every job event, console, stdout and stderr (${c('keySafety', 'logLines')} lines written) and ${c('keySafety', 'cdnRequests')} CDN requests — the key (raw, base64 or hex) is in none; all ${c('keySafety', 'apiRequests')} API requests carry it raw in \`Authorization\` (never \`Bearer\`). Base URLs that could carry it elsewhere are refused before any request.`,
    ],
    [
      '`corrupt-library.test.ts`',
      `**${c('corruptLibrary', 'corruptions')} kinds of damage** (truncated manifest and index, a newer schema version, missing videos, a stray \`.part\`, temp files of interrupted writes, a stale index): the library still opens, reports each problem once, never overwrites what it cannot read, and repairs what it can (a missing video is downloaded again through the engine's resume, with fresh links from one more poll when the old ones expired).`,
    ],
    [
      '`paid-runs.test.ts`',
      'Against an emulator that **ignores Idempotency-Key** (a second start would be a second charge): a batch whose executions end Success + Failed is downloaded and ends `partial` with the reason; Success + Running is not final; poll answers with `data.status` only, `executions: null`, or a result without a video; a video link that expired (410) is refreshed by one more poll; a start answered 429 with an HTTP-date Retry-After goes again by itself. One start per render in every row. The engine-level rows (a failed write of the run id, cancel at each step of the start, the clock moved back, Retry-After capped at 10 min) are in `electron/engine/paid-runs.test.ts`.',
    ],
    [
      '`shared-home.test.ts`',
      "Real CLI processes on one library home (emulator ignoring Idempotency-Key): `generate` uploading on a slow link while `resume` starts leaves the render to its owner (one upload, one start); two `resume`s at once start each render exactly once; an app core beside a CLI sees the CLI's render within 2 s, and `index.json` ends equal to every `render.json`. Claims, merged index writes and read-only `list`/`show` are tested in `electron/library/multi-process.test.ts`.",
    ],
    [
      '`delete-race.test.ts`',
      "`delete` from a second CLI while `generate` waits for its (held) start answer is refused with exit 2 and names the process that drives the render; the start then goes through and `generate` collects the run (done, videos on disk, one start). A render WeShop may still be charging for is refused without `--yes` (exit 2, saying what is lost and how to confirm) and deleted with it, asking WeShop nothing. The library's refusals, the claim held while a delete runs and the repair of empty render folders are in `electron/library/remove-render.test.ts` and `repair.test.ts`.",
    ],
    [
      '`torture.test.ts`',
      `Against an emulator that **ignores Idempotency-Key**, up to 4 real CLI processes (the shipped bundle) share one home and run a seeded random schedule: \`generate\` (batch 1–3), \`resume\`, \`retry\`, \`retry --missing\` (sometimes twice at once), \`delete\` and \`delete --yes\` of each other's renders, runs that fail or deliver part of a batch; processes are killed with kill -9 or Ctrl-C at every point of a render's life (queued, uploading, starting — the start sent, its answer not back —, running, downloading). Then \`resume\` until everything settles, and the user's part: a render that needs attention gets the run found in WeShop's history (\`attach\`), or a confirmed retry when there is none. Also a tmpfs home that fills mid-download (the CLI says so; \`resume\` collects once space is freed), a read-only home (generate, resume and delete refused in words, nothing sent) and \`resume\` in another PID namespace than the \`generate\` that owns the render. Every charged run is booked against the library: **${c('torture', 'paidRuns')} paid runs**, ${c('torture', 'collected')} on disk byte-equal, the others delivered nothing or were deleted by the user; **${c('torture', 'doubleStarts')} double starts, ${c('torture', 'lost')} paid runs lost, ${c('torture', 'stuck')} renders stuck** (${c('torture', 'kills')} kills over ${c('torture', 'processes')} processes, seed ${c('torture', 'seed')}; the table is in \`.tmp/torture-summary.md\`).`,
    ],
    [
      '`source-copy-crash.test.ts`',
      'The source image is copied into the render folder after the start request has left (Queue → start waits for no copy): the real CLI is killed with SIGKILL while the start is unanswered and the copy not yet made; `resume` in a new process makes the copy, or, when the original is gone by then, records it as missing and keeps the render. One start per render (emulator ignoring Idempotency-Key).',
    ],
    [
      '`disk-faults.test.ts`',
      'Real disk faults under the real CLI (root only: a tmpfs, a read-only bind mount, another user; skipped with the reason elsewhere). The disk fills right after WeShop answered a start: Ctrl-C keeps saving the run id and says what to free, and once there is space the id is saved and `resume` collects the run; a second Ctrl-C quits anyway, `--json` still prints the run id, and `resume` recovers it from the started-runs journal (one start either way). A read-only home, a `locks/` folder the user may not write and an `index.json` that became a folder each get a message naming the place and the next step, never a raw `EROFS`/`EACCES`/`EISDIR`; a render that is done stays done (exit 0) when only the index cannot be written.',
    ],
    [
      '`load.test.ts`',
      `**${c('load', 'jobs')} jobs** at concurrency ${c('load', 'concurrency')}: all done (${c('load', 'videos')} videos byte-checked), starts in queue order (as far as the parallel slots allow), at most ${c('load', 'maxInFlight')} in flight, no unhandled rejection, heap growth ${c('load', 'heapGrowthMB')} MB.`,
    ],
  ];
  return [
    START,
    'What `test/reliability/` (part of `npm test`, all traffic to the emulator on 127.0.0.1) proves:',
    'a paid render is never lost, bad input never costs credits, the key never leaks.',
    '',
    '| suite | what it proves |',
    '|---|---|',
    ...rows.map(([suite, text]) => `| ${suite} | ${text} |`),
    '',
    `Crash points: ${c('crashMatrix', 'points')}.`,
    '',
    `Counts are written by the suites themselves (\`.tmp/reliability-counts.json\`${
      dates.length ? `, last run ${dates.at(-1)?.slice(0, 10)}` : ''
    }); refresh this section with \`npx vitest run test/reliability && npx tsx test/reliability/report.ts\`.`,
    END,
  ].join('\n');
}

export function updateReadme(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start >= 0 && end > start) {
    return readme.slice(0, start) + section + readme.slice(end + END.length);
  }
  return `${readme.trimEnd()}\n\n## Reliability\n${section}\n`;
}

async function main(): Promise<void> {
  const counts = await readCounts();
  if (Object.keys(counts).length === 0) {
    console.error(`No counts in ${COUNTS_FILE}: run \`npx vitest run test/reliability\` first.`);
    process.exit(1);
  }
  for (const [suite, values] of Object.entries(counts)) {
    console.log(`${suite}: ${JSON.stringify(values)}`);
  }
  const readme = await readFile(README, 'utf8');
  const next = updateReadme(readme, renderSection(counts));
  if (next !== readme) await writeFile(README, next);
  console.log(
    next === readme ? 'README.md is up to date' : 'README.md: Reliability section updated',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
