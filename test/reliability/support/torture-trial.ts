import { isTerminal, missingVideoCount, type RenderManifest } from '../../../shared/job';
import { cliEnv, tempDir, waitFor } from '../../cli/helpers';
import { videoPath } from '../../emulator/runs';
import { type RunningEmulator, startEmulator } from '../../emulator/server';
import type { EmulatorOptions } from '../../emulator/types';
import { createSwarm, type Swarm, type SwarmProcess } from './cli-swarm';
import { type LibraryWatch, watchLibrary } from './library-watch';
import { type Audit, auditPaidRuns, type DeleteRecord, taskNameRenderId } from './paid-run-audit';
import { type Rng, seededRandom } from './seeded-random';
import {
  type Action,
  describeAction,
  KILL_POINTS,
  type KillPoint,
  planSchedule,
} from './torture-schedule';

/** Runs end quickly; the slow upload and start hold the windows a kill aims at wide open. */
export const TORTURE_EMULATOR: EmulatorOptions = {
  // A start repeated with the same key is a second charged run: the emulator hides nothing.
  honourIdempotencyKey: false,
  resultsPerExecution: 1, // a batch of 3 is 3 executions, so a run can deliver part of it
  timings: { pendingMs: 100, segmentingMs: 100, runningMs: 300 },
};
export const SLOW = { uploadMs: 300, startMs: 500, videoMs: 200 };

export function slowDown(emulator: RunningEmulator): void {
  const forever = Number.POSITIVE_INFINITY;
  const api = (path: string, delayMs: number) =>
    emulator.inject({
      fault: { kind: 'slow', delayMs },
      match: { method: 'POST', path },
      times: forever,
    });
  api('/agent/assets/images', SLOW.uploadMs);
  api('/agent/runs', SLOW.startMs); // between startSentAt and the answer: the double-charge window
  emulator.inject({
    fault: { kind: 'slow', delayMs: SLOW.videoMs },
    match: { origin: 'cdn', path: /\/videos\// },
    times: forever,
  });
}

const startRequests = (emulator: RunningEmulator) =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/runs'),
  );

/**
 * Every start the emulator received whole has been handled (a killed client's slow start
 * still creates its run after the delay): only then is WeShop's history complete. A start cut
 * off mid-body (its client killed while sending) never reaches the handler: not waited for.
 * Called once every process of the moment has exited.
 */
export async function emulatorQuiet(emulator: RunningEmulator): Promise<void> {
  const handled = () =>
    [...emulator.startAttemptsByIdempotencyKey().values()].reduce((a, b) => a + b, 0);
  const received = () => startRequests(emulator).filter((r) => r.body !== undefined).length;
  await waitFor(() => handled() >= received(), 'every start handled', 15_000);
}

/** How the audit finds a run's videos on the emulator's CDN (and their bytes). */
export const cdnVideos = (emulator: RunningEmulator) => ({
  videoPath,
  videoBytes: (executionId: string, index: number) =>
    emulator.videoBytes(`${emulator.cdnBase}${videoPath(executionId, index)}`),
});

export interface TrialOptions {
  seed: number;
  actions: number;
  maxProcesses: number;
  images: readonly string[];
  /** The command that runs the CLI. */
  cli: readonly string[];
  /** The prefix that runs a process in a PID namespace of its own; absent: never. */
  namespacePrefix?: readonly string[];
}

export interface TrialReport {
  seed: number;
  processes: number;
  /** kill -9 and Ctrl-C, by the point the killed process's render had reached. */
  kills: Record<KillPoint, number>;
  interrupts: number;
  deletesConfirmed: number;
  attached: number;
  confirmedRetries: number;
  /** Why `attach` could not be used, when it could not (the command is missing). */
  attachUnavailable?: string;
  audit: Audit;
  trace: string[];
}

interface TrialState {
  options: TrialOptions;
  emulator: RunningEmulator;
  home: string;
  watch: LibraryWatch;
  swarm: Swarm;
  picks: Rng;
  deletes: DeleteRecord[];
  trace: string[];
  report: Pick<TrialReport, 'attached' | 'confirmedRetries' | 'attachUnavailable'>;
}

const byId = (a: RenderManifest, b: RenderManifest) => a.id.localeCompare(b.id);

function launchGenerate(s: TrialState, action: Action, label: string): void {
  if (action.ending === 'fails') {
    s.emulator.inject({ fault: { kind: 'run-fails', reason: 'torture: generation failed' } });
  } else if (action.ending === 'partial') {
    const outcomes = action.batch === 3 ? ['Success', 'Failed', 'Success'] : ['Success', 'Failed'];
    s.emulator.inject({
      fault: {
        kind: 'mixed-executions',
        outcomes: outcomes as ('Success' | 'Failed')[],
        reason: 'torture: one execution failed',
      },
    });
  }
  const args = ['generate', action.image, '-p', action.prompt, '--batch', String(action.batch)];
  const proc = s.swarm.launch(action.n, label, [...args, '--json'], {
    ...(action.namespace ? { namespace: true } : {}),
  });
  if (action.kill)
    void s.swarm.killWhen(proc, action.kill, s.swarm.targets.byPrompt(action.prompt));
}

function launchDelete(s: TrialState, action: Action, target: RenderManifest): void {
  const startedAt = Date.now();
  // --yes: the user confirms deleting a render WeShop may still be charging for.
  const args = action.confirm ? ['delete', target.id, '--yes'] : ['delete', target.id];
  const proc = s.swarm.launch(
    action.n,
    `${describeAction(action)}: a ${target.state} render`,
    args,
  );
  void proc.spawned.done.then(
    (exit) => {
      s.deletes.push({ id: target.id, startedAt, endedAt: Date.now(), confirmed: exit.code === 0 });
    },
    () => undefined,
  );
}

function launchRetryMissing(s: TrialState, action: Action, partial: RenderManifest): void {
  const before = new Set(
    s.watch
      .current()
      .filter((m) => m.request.prompt === partial.request.prompt)
      .map((m) => m.id),
  );
  const args = ['retry', partial.id, '--missing', '--json'];
  const extra = action.namespace ? { namespace: true } : {};
  const proc = s.swarm.launch(action.n, describeAction(action), args, extra);
  // The door under test: two asks at once must render the missing videos once.
  if (action.twice) s.swarm.launch(action.n, 'the same retry --missing, at once', args);
  if (action.kill) {
    void s.swarm.killWhen(
      proc,
      action.kill,
      s.swarm.targets.byPrompt(partial.request.prompt, before),
    );
  }
}

/** One action of the schedule; a retry/delete with nothing to act on becomes a generate. */
function launchAction(s: TrialState, action: Action): void {
  const current = [...s.watch.current()].sort(byId);
  const label = describeAction(action);
  const namespace = action.namespace ? { namespace: true } : {};
  const fallback = (why: string) =>
    launchGenerate(s, { ...action, kind: 'generate' }, `generate (${why}), ${label}`);
  if (action.kind === 'generate') {
    launchGenerate(s, action, label);
  } else if (action.kind === 'resume') {
    const proc = s.swarm.launch(action.n, label, ['resume', '--json'], namespace);
    // A process in a PID namespace names another pid in its claims: no target by pid.
    if (action.kill && !action.namespace)
      void s.swarm.killWhen(proc, action.kill, s.swarm.targets.byClaim(proc));
  } else if (action.kind === 'retry') {
    const failed = current.filter((m) => m.state === 'failed' || m.state === 'canceled');
    if (failed.length === 0) {
      fallback('nothing to retry');
      return;
    }
    const target = s.picks.pick(failed);
    const proc = s.swarm.launch(action.n, label, ['retry', target.id, '--json'], namespace);
    if (action.kill) void s.swarm.killWhen(proc, action.kill, s.swarm.targets.byId(target.id));
  } else if (action.kind === 'retry-missing') {
    const partials = current.filter((m) => m.state === 'partial' && missingVideoCount(m) > 0);
    if (partials.length === 0) {
      fallback('nothing partial');
      return;
    }
    launchRetryMissing(s, action, s.picks.pick(partials));
  } else {
    if (current.length === 0) {
      fallback('nothing to delete');
      return;
    }
    launchDelete(s, action, s.picks.pick(current));
  }
}

let extraNumber = 1000;

/** `resume` until nothing on disk is unfinished (a bounded number of rounds). */
async function settle(s: TrialState): Promise<void> {
  for (let round = 1; round <= 4; round++) {
    await emulatorQuiet(s.emulator);
    const proc = s.swarm.launch(extraNumber++, `final resume, round ${round}`, [
      'resume',
      '--json',
    ]);
    await proc.spawned.done.catch(() => undefined);
    await s.watch.look();
    if (s.watch.current().every((m) => isTerminal(m.state))) return;
  }
}

/** The runs WeShop's history shows for a render: by its key, else named after it since its start. */
function runsFor(s: TrialState, m: RenderManifest) {
  const runs = s.emulator.createdRuns();
  const byKey = runs.filter((r) => r.idempotencyKey === m.idempotencyKey);
  if (byKey.length > 0) return byKey;
  const since = m.startSentAt ? Date.parse(m.startSentAt) : 0;
  return runs.filter((r) => taskNameRenderId(r.input) === m.id && r.createdAt >= since);
}

/**
 * What a user does with each render that needs attention: finds its run in WeShop's history
 * and attaches it; with no run there, starts it again (confirmed: nothing was charged).
 */
async function resolveNeedsAttention(s: TrialState): Promise<void> {
  await emulatorQuiet(s.emulator);
  await s.watch.look();
  const waiting: Promise<unknown>[] = [];
  for (const m of s.watch.current().filter((r) => r.state === 'needs-attention')) {
    const found = runsFor(s, m).at(-1);
    const args = found
      ? ['attach', m.id, found.executionId, '--json']
      : ['retry', m.id, '--confirm-double-charge', '--json'];
    const label = found
      ? 'the user attaches the run found in WeShop history'
      : 'no run in history: retry';
    const proc: SwarmProcess = s.swarm.launch(extraNumber++, label, args);
    waiting.push(
      proc.spawned.done.then((exit) => {
        if (!found) s.report.confirmedRetries++;
        else if (exit.code === 0) s.report.attached++;
        else if (/unknown command/i.test(exit.stderr))
          s.report.attachUnavailable = exit.stderr.trim();
      }),
    );
  }
  await Promise.allSettled(waiting);
}

function killCounts(all: readonly SwarmProcess[]): Pick<TrialReport, 'kills' | 'interrupts'> {
  const kills = Object.fromEntries(KILL_POINTS.map((p) => [p, 0])) as Record<KillPoint, number>;
  let interrupts = 0;
  for (const proc of all) {
    if (!proc.killedAt) continue;
    kills[proc.killedAt]++;
    if (proc.killSignal === 'SIGINT') interrupts++;
  }
  return { kills, interrupts };
}

/**
 * One trial: the seeded schedule on one home with up to `maxProcesses` CLIs at once, then
 * `resume` until everything settles and the user's part (attach / confirmed retry), then the
 * books: every paid run on disk or ended by the user, none paid twice, nothing stuck.
 */
export async function runTrial(options: TrialOptions): Promise<TrialReport> {
  const emulator = await startEmulator(TORTURE_EMULATOR);
  slowDown(emulator);
  const home = await tempDir('kling-torture-');
  const watch = watchLibrary(home.path);
  const trace: string[] = [`seed ${options.seed}`];
  const swarm = createSwarm({
    env: cliEnv(home.path, emulator),
    current: () => watch.current(),
    home: home.path,
    trace: (line) => trace.push(line),
    cli: options.cli,
    ...(options.namespacePrefix ? { namespacePrefix: options.namespacePrefix } : {}),
  });
  const s: TrialState = {
    options,
    emulator,
    home: home.path,
    watch,
    swarm,
    // Targets depend on timing; drawing them from their own source keeps the plan seeded.
    picks: seededRandom(options.seed ^ 0x5bd1e995),
    deletes: [],
    trace,
    report: { attached: 0, confirmedRetries: 0 },
  };
  try {
    const schedule = planSchedule(seededRandom(options.seed), {
      count: options.actions,
      images: options.images,
      promptPrefix: `torture ${options.seed}`,
      namespaces: options.namespacePrefix !== undefined,
    });
    for (const action of schedule) {
      await waitFor(() => swarm.running() < options.maxProcesses, 'a free process slot', 180_000);
      await watch.look();
      launchAction(s, action);
    }
    await swarm.drain();
    await settle(s);
    await resolveNeedsAttention(s);
    await settle(s);
    await watch.stop();
    const audit = await auditPaidRuns({
      runs: emulator.createdRuns(),
      seen: watch.seen(),
      onDisk: watch.current(),
      deletes: s.deletes,
      home: home.path,
      ...cdnVideos(emulator),
      promptsAreUnique: true,
    });
    return {
      seed: options.seed,
      processes: swarm.all().length,
      ...killCounts(swarm.all()),
      deletesConfirmed: s.deletes.filter((d) => d.confirmed).length,
      ...s.report,
      audit,
      trace,
    };
  } finally {
    swarm.killAll();
    await swarm.drain();
    await watch.stop();
    await emulator.close();
    await home.remove();
  }
}
