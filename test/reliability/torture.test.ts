/**
 * The torture suite: no paid run is lost through any door, and none is paid twice. Real CLI
 * processes on one library home against an emulator that IGNORES Idempotency-Key (every start
 * it receives is a new, charged run, so it cannot hide a double start), killed with kill -9 or
 * Ctrl-C at every point of a render's life, deleting each other's renders; a home that fills
 * up mid-download; a read-only home; a CLI in a second PID namespace. The books are kept from
 * the emulator's own list of charged runs and the library on disk (support/paid-run-audit.ts).
 *
 * Longer local runs: TORTURE_TRIALS=20 TORTURE_SEED=random npx vitest run test/reliability/torture.test.ts
 * (TORTURE_ACTIONS, TORTURE_PROCESSES too). A failure prints its seed and the whole schedule;
 * TORTURE_TRACE=1 prints it always.
 */
import { readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, it, type TestContext } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import {
  type CliRun,
  cliEnv,
  manifestsOnDisk,
  runCli,
  spawnCli,
  tempDir,
  waitFor,
} from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { buildCliBundle } from './support/cli-bundle';
import { recordCounts } from './support/counts';
import { makePng } from './support/images';
import { watchLibrary } from './support/library-watch';
import {
  IN_NEW_PID_NAMESPACE,
  type Mounted,
  mountCapability,
  mountReadOnly,
  mountTmpfs,
  pidNamespaceCapability,
} from './support/mounts';
import { type Audit, auditPaidRuns, type DeleteRecord } from './support/paid-run-audit';
import { numberFromEnv } from './support/seeded-random';
import { type SummaryRow, summaryCounts, writeSummary } from './support/torture-summary';
import { cdnVideos, emulatorQuiet, runTrial, type TrialReport } from './support/torture-trial';

const SEED = numberFromEnv(process.env, 'TORTURE_SEED', 19);
const TRIALS = numberFromEnv(process.env, 'TORTURE_TRIALS', 1);
const ACTIONS = numberFromEnv(process.env, 'TORTURE_ACTIONS', 12);
const PROCESSES = numberFromEnv(process.env, 'TORTURE_PROCESSES', 4);

const cannotMount = mountCapability();
const cannotUnshare = pidNamespaceCapability();
for (const [what, why] of [
  ['full and read-only homes', cannotMount],
  ['a second PID namespace', cannotUnshare],
] as const) {
  if (why) console.warn(`torture: skipping ${what}: ${why}`);
}
const skipped = (why: string | null) => (why ? ` (skipped: ${why})` : '');

const rows: SummaryRow[] = [];
let work: { path: string; remove: () => Promise<void> };
let images: string[] = [];
/** The shipped CLI bundle, built once for the file: dozens of processes start from it. */
let CLI: string[] = [];
let removeCli: (() => Promise<void>) | undefined;

beforeAll(async () => {
  work = await tempDir('kling-torture-work-');
  ({ command: CLI, remove: removeCli } = await buildCliBundle());
  // A picture per generate: each one really uploads (the upload cache would skip the rest).
  images = await Promise.all(
    Array.from({ length: Math.max(ACTIONS, 4) }, async (_, i) => {
      const path = join(work.path, `picture-${i}.png`);
      await writeFile(path, makePng(320 + i, 320));
      return path;
    }),
  );
});
afterAll(async () => {
  await work?.remove();
  await removeCli?.();
  if (rows.length === 0) return;
  const note = `Seed ${SEED}, ${TRIALS} trial(s) of ${ACTIONS} actions, up to ${PROCESSES} CLI processes at once; emulator ignoring Idempotency-Key.`;
  console.log(`\n${await writeSummary(rows, note)}`);
  await recordCounts('torture', { ...summaryCounts(rows), seed: SEED, trials: TRIALS });
});

/** Everything the books found wrong, with what is needed to replay it. */
function verdictOf(audit: Audit) {
  const { doubleStarts, lost, stuck, cameBack } = audit;
  return { doubleStarts, lost, stuck, cameBack };
}
const CLEAN = { doubleStarts: [], lost: [], stuck: [], cameBack: [] };

function replay(report: TrialReport): string {
  return [
    `Replay: TORTURE_SEED=${report.seed} TORTURE_ACTIONS=${ACTIONS} TORTURE_PROCESSES=${PROCESSES} npx vitest run test/reliability/torture.test.ts`,
    report.attachUnavailable ? `attach: ${report.attachUnavailable}` : '',
    ...report.trace,
  ].join('\n');
}

/**
 * A failure said in words: an `error:` line with no raw errno code (EROFS, ENOSPC…), no stack
 * trace or Node warning anywhere, and what the patterns ask for (the place, the cause, the
 * next step).
 */
function expectPlainError(expect: ExpectStatic, what: string, run: CliRun, ...patterns: RegExp[]) {
  expect.soft(run.code, `${what}: ${run.stderr}`).not.toBe(0);
  expect.soft(run.stderr, what).not.toMatch(/\n\s+at /);
  // Nor a raw Node warning (a home where no liveness socket can be made is expected).
  expect.soft(run.stderr, what).not.toMatch(/\(node:\d+\) \w*Warning/);
  const errors = run.stderr.split('\n').filter((line) => /^(error|warning):/.test(line));
  expect.soft(errors, `${what}: ${run.stderr}`).not.toEqual([]);
  for (const line of errors) {
    expect.soft(line, what).not.toMatch(/\b(EROFS|ENOSPC|EACCES|EPERM|EIO)\b/);
  }
  for (const pattern of patterns) expect.soft(errors.join('\n'), what).toMatch(pattern);
}

/** Per test (tests here run concurrently): what to undo when it ends, last first. */
function scene(context: TestContext) {
  const undo: (() => unknown)[] = [];
  context.onTestFinished(async () => {
    for (const step of undo.reverse()) await step();
  });
  const later = (step: () => unknown) => {
    undo.push(step);
  };
  return {
    later,
    async emulator(options: Parameters<typeof startEmulator>[0] = {}) {
      const emulator = await startEmulator({
        honourIdempotencyKey: false,
        resultsPerExecution: 1,
        timings: { pendingMs: 100, segmentingMs: 100, runningMs: 300 },
        ...options,
      });
      later(() => emulator.close());
      return emulator;
    },
    async home(prefix: string) {
      const dir = await tempDir(prefix);
      later(() => dir.remove());
      return dir.path;
    },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const starts = (emulator: RunningEmulator) =>
  emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/runs'));

/** The books of a simple scenario on one home (no deletes). */
async function audit(emulator: RunningEmulator, home: string, deletes: DeleteRecord[] = []) {
  await emulatorQuiet(emulator);
  const watch = watchLibrary(home);
  await watch.stop();
  return auditPaidRuns({
    runs: emulator.createdRuns(),
    seen: watch.seen(),
    onDisk: watch.current(),
    deletes,
    home,
    ...cdnVideos(emulator),
    promptsAreUnique: true,
  });
}

describe.concurrent('torture: no paid run lost, none paid twice (Idempotency-Key ignored)', () => {
  // The trials run one after another (each is 4 CLIs at once); the scenes below run beside them.
  it(
    `${TRIALS} seeded schedule(s) from seed ${SEED}: ${ACTIONS} actions, up to ${PROCESSES} CLIs, kills at every step, then resume`,
    async ({ expect }) => {
      const failures: string[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const report = await runTrial({
          seed: SEED + trial,
          actions: ACTIONS,
          maxProcesses: PROCESSES,
          images,
          cli: CLI,
          ...(cannotUnshare ? {} : { namespacePrefix: IN_NEW_PID_NAMESPACE }),
        });
        rows.push({
          scenario: `random schedule, seed ${report.seed}`,
          processes: report.processes,
          kills: report.kills,
          interrupts: report.interrupts,
          audit: report.audit,
          userActions: `${report.deletesConfirmed} deleted, ${report.attached} attached, ${report.confirmedRetries} confirmed retries`,
        });
        if (process.env.TORTURE_TRACE) console.log(replay(report));
        const hung = report.trace.filter((line) => line.includes('did not finish'));
        const found = { ...verdictOf(report.audit), hung };
        if (JSON.stringify(found) !== JSON.stringify({ ...CLEAN, hung: [] })) {
          failures.push(`${JSON.stringify(found, null, 2)}\n${replay(report)}`);
        }
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    },
    TRIALS * 180_000,
  );

  it(`a home on a tmpfs that fills up mid-download: the CLI says so, resume collects once space is freed${skipped(cannotMount)}`, async (context) => {
    if (cannotMount) return;
    const the = scene(context);
    const { expect } = context;
    // 1 MB "videos" (a real clip padded: nobody decodes them here), 3 to a run.
    const big = join(work.path, 'big-video.mp4');
    const clip = await readFile(FIXTURES.videos[0]);
    await writeFile(big, Buffer.concat([clip, Buffer.alloc(1_000_000 - clip.length)]));
    const emulator = await the.emulator({ videoFixtures: [big] });
    const tmpfs: Mounted = await mountTmpfs('kling-full-home-', 6 * 1024 * 1024);
    the.later(() => tmpfs.remove());
    const home = tmpfs.path;
    // The user's other files: room is left for the library and a video and a half.
    const filler = join(home, 'someone-elses-files.bin');
    const free = async () => {
      const s = await statfs(home);
      return s.bavail * s.bsize;
    };
    await writeFile(filler, Buffer.alloc(Math.max(0, (await free()) - 1_600_000)));

    const generate = await runCli(
      ['generate', images[0] as string, '-p', 'torture: disk fills', '--batch', '3', '--json'],
      { env: cliEnv(home, emulator), timeoutMs: 120_000, command: CLI },
    );
    expect(starts(emulator)).toHaveLength(1);
    const [left] = await manifestsOnDisk(home);
    expect(left?.executionId, 'the run id is on disk').toBe(emulator.createdRuns()[0]?.executionId);
    // The render's own stop is said (not only a side effect such as the index): which render,
    // that the disk is full, and what to do.
    const id = new RegExp(`${left?.id}.*(space|full)|(space|full).*${left?.id}`, 'i');
    expectPlainError(expect, 'generate', generate, id, /resume/);

    await rm(filler); // the user frees space
    const resume = await runCli(['resume', '--json'], {
      env: cliEnv(home, emulator),
      timeoutMs: 120_000,
      command: CLI,
    });
    expect(resume.code, resume.stderr).toBe(0);
    const books = await audit(emulator, home);
    rows.push({
      scenario: 'tmpfs home fills mid-download, space freed, resume',
      processes: 2,
      audit: books,
    });
    expect(verdictOf(books), `generate: ${generate.stderr}\nresume: ${resume.stderr}`).toEqual(
      CLEAN,
    );
    expect(books.verdicts.map((v) => v.verdict)).toEqual(['collected']);
  }, 180_000);

  it(`a read-only home: every command that would write fails with a clear message, nothing paid${skipped(cannotMount)}`, async (context) => {
    if (cannotMount) return;
    const the = scene(context);
    const { expect } = context;
    const emulator = await the.emulator();
    const source = { path: await the.home('kling-ro-source-') };
    // A library as the app left it: one render done, one still queued.
    const done = await runCli(
      ['generate', images[1] as string, '-p', 'torture: ro done', '--json'],
      { env: cliEnv(source.path, emulator), timeoutMs: 60_000, command: CLI },
    );
    expect(done.code, done.stderr).toBe(0);
    const doneId = (JSON.parse(done.stdout) as { id: string }).id;
    const seed = createLibrary({ home: source.path });
    const queued = await seed.create({ image: images[2] as string, prompt: 'torture: ro queued' });
    await seed.close();
    const runsBefore = emulator.createdRuns().length;
    const requestsBefore = emulator.requests.length;

    const ro = await mountReadOnly(source.path, 'kling-ro-home-');
    the.later(() => ro.remove());
    const env = cliEnv(ro.path, emulator);
    const inRo = (args: string[]) => runCli(args, { env, timeoutMs: 60_000, command: CLI });
    // Each message's next step fits what the user was doing (a delete is not fixed by resume).
    const refusals: [string, CliRun, RegExp][] = [
      [
        'generate',
        await inRo(['generate', images[3] as string, '-p', 'torture: ro new']),
        /then try again\.$/m,
      ],
      ['resume', await inRo(['resume']), /then run `kling-studio resume`\.$/m],
      ['delete', await inRo(['delete', doneId]), /then delete it again\.$/m],
    ];
    for (const [command, run, nextStep] of refusals) {
      const place = new RegExp(escapeRegExp(ro.path));
      expectPlainError(expect, command, run, /read-only/i, place, nextStep);
    }
    // Looking still works, and shows both renders as they were.
    const list = await inRo(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(
      (JSON.parse(list.stdout).items as { id: string; state: string }[])
        .map((r) => [r.id, r.state])
        .sort(),
    ).toEqual(
      [
        [doneId, 'done'],
        [queued.id, 'queued'],
      ].sort(),
    );
    // Nothing paid, and nothing sent at all: a read-only home is refused before any request.
    expect(emulator.createdRuns()).toHaveLength(runsBefore);
    expect(starts(emulator).length).toBe(runsBefore);
    expect(emulator.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // Writable again (the user fixed the mount): resume finishes the queued render.
    await ro.remove();
    const resume = await runCli(['resume', '--json'], {
      env: cliEnv(source.path, emulator),
      timeoutMs: 60_000,
      command: CLI,
    });
    expect(resume.code, resume.stderr).toBe(0);
    const books = await audit(emulator, source.path);
    rows.push({
      scenario: 'read-only home (generate, resume, delete refused), then writable + resume',
      processes: refusals.length + 3,
      audit: books,
    });
    expect(verdictOf(books)).toEqual(CLEAN);
    expect(books.verdicts.map((v) => v.verdict)).toEqual(['collected', 'collected']);
  }, 120_000);

  describe('a CLI in a second PID namespace on the same home', () => {
    const inNamespace = () => [...IN_NEW_PID_NAMESPACE, ...CLI];

    /**
     * `generate` in one PID namespace and `resume` in the other while the render's upload is
     * held: the resume must see a live owner and leave the render alone (a takeover would
     * start it a second time, and charge twice).
     */
    async function raceResume(
      the: ReturnType<typeof scene>,
      expect: ExpectStatic,
      generateInNamespace: boolean,
    ) {
      const emulator = await the.emulator();
      const hold = new AbortController();
      the.later(() => hold.abort());
      emulator.inject({
        fault: { kind: 'slow', delayMs: 120_000, until: hold.signal },
        match: { method: 'POST', path: '/agent/assets/images' },
      });
      const home = { path: await the.home('kling-pidns-') };
      const env = cliEnv(home.path, emulator);
      const where = generateInNamespace ? 'in a PID namespace' : 'outside';
      const generate = spawnCli(
        ['generate', images[4] as string, '-p', `torture: generate ${where}`, '--json'],
        { env, timeoutMs: 120_000, command: generateInNamespace ? inNamespace() : CLI },
      );
      the.later(() => generate.child.kill('SIGKILL'));
      const mine = await waitFor(
        async () => (await manifestsOnDisk(home.path)).find((m) => m.state === 'uploading'),
        'the render of generate uploading',
        60_000,
      );
      const resume = await runCli(['resume', '--json'], {
        env,
        timeoutMs: 120_000,
        command: generateInNamespace ? CLI : inNamespace(),
      });
      hold.abort(); // the upload answers now: generate carries on
      const generated = await generate.done;
      const books = await audit(emulator, home.path);
      rows.push({
        scenario: `generate ${where}, resume ${generateInNamespace ? 'outside' : 'in a PID namespace'}`,
        processes: 2,
        audit: books,
      });
      const said = `generate: ${generated.stderr}\nresume: ${resume.stderr}`;
      expect(verdictOf(books), said).toEqual(CLEAN);
      expect(starts(emulator), said).toHaveLength(1);
      expect(resume.code, said).toBe(0);
      expect(JSON.parse(resume.stdout), said).toMatchObject({
        finished: [],
        ownedElsewhere: [mine.id],
      });
      expect(generated.code, said).toBe(0);
    }

    it(`generate and resume in different PID namespaces, both ways: resume leaves the render to its live owner${skipped(cannotUnshare)}`, async (context) => {
      if (cannotUnshare) return;
      const the = scene(context);
      const { expect } = context;
      const both = await Promise.allSettled([
        raceResume(the, expect, true),
        raceResume(the, expect, false),
      ]);
      for (const outcome of both) if (outcome.status === 'rejected') throw outcome.reason;
    }, 180_000);
  });
});
