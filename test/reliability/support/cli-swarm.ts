import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTerminal, type RenderManifest } from '../../../shared/job';
import { type CliRun, type SpawnedCli, spawnCli } from '../../cli/helpers';
import type { KillPlan, KillPoint } from './torture-schedule';
import { KILL_POINTS } from './torture-schedule';

/*
 * Several real CLI processes on one home, each with an optional death: kill -9 or Ctrl-C the
 * moment one of its renders reaches a point of its life. Everything waits on conditions (a
 * process exits, a state shows on disk), never on a fixed sleep.
 */

/** Long enough for a busy 2-core machine; a process past it is a hang, and fails the test. */
const PROCESS_TIMEOUT_MS = 120_000;

export interface SwarmProcess {
  n: number;
  label: string;
  args: string[];
  spawned: SpawnedCli;
  startedAt: number;
  exit?: CliRun;
  /** Where it was killed (the point its render had reached), when it was. */
  killedAt?: KillPoint;
  killSignal?: KillPlan['signal'];
  /** It did not exit within PROCESS_TIMEOUT_MS (then it was killed): a hang. */
  hung?: boolean;
}

export interface SwarmOptions {
  env: Record<string, string>;
  /** The renders on disk now (the library watch's last look). */
  current: () => readonly RenderManifest[];
  home: string;
  trace: (line: string) => void;
  /** The command that runs the CLI (the built bundle: see cli-bundle.ts). */
  cli: readonly string[];
  /** The command prefix that puts a process in a PID namespace of its own. */
  namespacePrefix?: readonly string[];
}

/** Where a render is in its life, or undefined once it is finished. */
export function pointOf(m: RenderManifest): KillPoint | undefined {
  if (isTerminal(m.state)) return undefined;
  if (m.startSentAt && !m.executionId) return 'starting';
  return (KILL_POINTS as readonly string[]).includes(m.state) ? (m.state as KillPoint) : undefined;
}

/** The pid in the live claim on a render (claims/<id>/<highest n>), if any. */
export async function claimPid(home: string, id: string): Promise<number | undefined> {
  const dir = join(home, 'claims', id);
  const names = await readdir(dir).catch(() => [] as string[]);
  const top = names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b)
    .at(-1);
  if (top === undefined) return undefined;
  try {
    const record = JSON.parse(await readFile(join(dir, String(top)), 'utf8')) as {
      pid?: unknown;
      released?: unknown;
    };
    return record.released || typeof record.pid !== 'number' ? undefined : record.pid;
  } catch {
    return undefined;
  }
}

export function createSwarm(options: SwarmOptions) {
  const running = new Set<SwarmProcess>();
  const all: SwarmProcess[] = [];
  const t0 = Date.now();
  const stamp = () => `+${((Date.now() - t0) / 1000).toFixed(2)}s`;

  function launch(
    n: number,
    label: string,
    args: string[],
    extra: { namespace?: boolean } = {},
  ): SwarmProcess {
    const command =
      extra.namespace && options.namespacePrefix
        ? [...options.namespacePrefix, ...options.cli]
        : [...options.cli];
    const spawned = spawnCli(args, { env: options.env, timeoutMs: PROCESS_TIMEOUT_MS, command });
    const proc: SwarmProcess = { n, label, args, spawned, startedAt: Date.now() };
    running.add(proc);
    all.push(proc);
    options.trace(`${stamp()} #${n} start: kling-studio ${args.join(' ')} (${label})`);
    spawned.done.then(
      (exit) => {
        proc.exit = exit;
        running.delete(proc);
        const how = exit.signal ? `killed (${exit.signal})` : `exit ${exit.code}`;
        const said = exit.stderr.trim().split('\n').slice(-2).join(' | ');
        options.trace(`${stamp()} #${n} ${how}${said ? `: ${said.slice(0, 300)}` : ''}`);
      },
      (error: unknown) => {
        proc.hung = true;
        running.delete(proc);
        options.trace(`${stamp()} #${n} did not finish: ${String(error)}`);
      },
    );
    return proc;
  }

  /**
   * Kills `proc` with the plan's signal as soon as one of `targets()` has reached the plan's
   * point or a later one (still unfinished). Nothing happens when the process ends first.
   */
  async function killWhen(
    proc: SwarmProcess,
    plan: KillPlan,
    targets: () => Promise<readonly RenderManifest[]>,
  ): Promise<void> {
    const wanted = KILL_POINTS.indexOf(plan.at);
    while (!proc.exit && running.has(proc)) {
      for (const m of await targets()) {
        const point = pointOf(m);
        if (point === undefined || KILL_POINTS.indexOf(point) < wanted) continue;
        if (proc.exit) return;
        proc.killedAt = point;
        proc.killSignal = plan.signal;
        options.trace(`${stamp()} #${proc.n} ${plan.signal} at ${point} (render ${m.id})`);
        proc.spawned.child.kill(plan.signal);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The renders a process drives: its own by a test (prompt, id), or by the claim's pid. */
  const byPrompt =
    (prompt: string, except: ReadonlySet<string> = new Set()) =>
    async () =>
      options.current().filter((m) => m.request.prompt === prompt && !except.has(m.id));
  const byId = (id: string) => async () => options.current().filter((m) => m.id === id);
  const byClaim = (proc: SwarmProcess) => async () => {
    const mine: RenderManifest[] = [];
    for (const m of options.current()) {
      if (pointOf(m) && (await claimPid(options.home, m.id)) === proc.spawned.child.pid)
        mine.push(m);
    }
    return mine;
  };

  return {
    launch,
    killWhen,
    targets: { byPrompt, byId, byClaim },
    running: () => running.size,
    all: () => all,
    stamp,
    /** Resolves once every process launched so far has exited (or timed out). */
    async drain(): Promise<void> {
      await Promise.allSettled(all.map((p) => p.spawned.done));
    },
    killAll(): void {
      for (const proc of running) proc.spawned.child.kill('SIGKILL');
    },
  };
}
export type Swarm = ReturnType<typeof createSwarm>;
