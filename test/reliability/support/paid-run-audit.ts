import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTerminal, type JobState, type RenderManifest } from '../../../shared/job';
import type { CreatedRun } from '../../emulator/types';
import type { SeenRender } from './library-watch';

/*
 * The books of a run against an emulator that ignores Idempotency-Key: every run it created
 * was charged, so each one must end up as videos on disk (byte-equal to what the CDN serves),
 * as nothing (the run delivered no video), or as something the user ended (a delete the user
 * ran that went through while the render held the run; "Stop waiting"). Anything else is a paid
 * run lost. A render paid for twice is a double start.
 */

/** A `delete <id>` a test ran: confirmed when it succeeded (exit 0). */
export interface DeleteRecord {
  id: string;
  /** Date.now() when the command was launched and when it exited. */
  startedAt: number;
  endedAt: number;
  confirmed: boolean;
}

export type Verdict =
  | 'collected' // every delivered video is on disk, byte-equal
  | 'delivered-nothing' // the run failed on WeShop's side: no video to keep
  | 'deleted-by-user' // the user deleted the render after it was paid for
  | 'stopped-by-user' // "Stop waiting": the user chose not to collect it
  | 'lost';

export interface RunVerdict {
  executionId: string;
  render?: string;
  verdict: Verdict;
  why?: string;
}

export interface AuditInput {
  runs: readonly CreatedRun[];
  /** Every render seen while the processes worked (with every key it carried). */
  seen: ReadonlyMap<string, SeenRender>;
  /** The renders on disk once everything settled. */
  onDisk: readonly RenderManifest[];
  deletes: readonly DeleteRecord[];
  home: string;
  /** The bytes the CDN serves for video `index` of a run. */
  videoBytes(executionId: string, index: number): Promise<Buffer>;
  /**
   * The CDN path of video `index` of a run. A render numbers its videos in the order they came
   * (a batch whose 2nd execution failed keeps the 1st and 3rd as its videos 1 and 2), so a
   * delivered video is found by its URL, not by its number.
   */
  videoPath(executionId: string, index: number): string;
  /**
   * Renders sharing a prompt are one request and its "render the missing N" renders (the
   * tests give every generate its own prompt): together they may not deliver more videos than
   * the first one asked for.
   */
  promptsAreUnique?: boolean;
}

export interface Audit {
  runs: number;
  renders: number;
  verdicts: RunVerdict[];
  lost: RunVerdict[];
  /** Each a sentence: which key or render was paid for twice. */
  doubleStarts: string[];
  /** The most runs any one render's starts created. */
  maxStartsPerRender: number;
  /** Renders left queued/uploading/starting/running/downloading. */
  stuck: { id: string; state: JobState }[];
  /** needs-attention renders left at the end, and whether WeShop has a run for them. */
  needsAttention: { id: string; paidRun: boolean }[];
  /** Renders a delete went through for that are on disk again at the end. */
  cameBack: string[];
}

/** The render id a start's `input.taskName` names (`Kling Studio · <prompt> · <id>`), if any. */
export function taskNameRenderId(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const name = (input as { taskName?: unknown }).taskName;
  if (typeof name !== 'string') return undefined;
  const last = name.split(' · ').at(-1)?.trim() ?? '';
  return /^[a-z0-9]{9}-[a-z0-9]{6}$/.test(last) ? last : undefined;
}

interface Attribution {
  byRun: Map<string, string>;
  mismatches: string[];
}

/** Which render each run was started for: its Idempotency-Key, else its task name. */
function attribute(input: AuditInput): Attribution {
  const keyOwner = new Map<string, string>();
  for (const render of input.seen.values())
    for (const key of render.keys) keyOwner.set(key, render.id);
  for (const m of input.onDisk) keyOwner.set(m.idempotencyKey, m.id);
  const known = new Set([...input.seen.keys(), ...input.onDisk.map((m) => m.id)]);
  const byRun = new Map<string, string>();
  const mismatches: string[] = [];
  for (const run of input.runs) {
    const byKey = run.idempotencyKey ? keyOwner.get(run.idempotencyKey) : undefined;
    const named = taskNameRenderId(run.input);
    const byName = named && known.has(named) ? named : undefined;
    if (byKey && byName && byKey !== byName) {
      mismatches.push(
        `run ${run.executionId} carried ${byKey}'s Idempotency-Key but was named for ${byName}`,
      );
    }
    const render = byKey ?? byName;
    if (render) byRun.set(run.executionId, render);
  }
  return { byRun, mismatches };
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

async function missingVideos(
  input: AuditInput,
  m: RenderManifest,
  run: CreatedRun,
): Promise<string[]> {
  const problems: string[] = [];
  for (const index of run.deliveredVideos) {
    const path = input.videoPath(run.executionId, index);
    const video = m.videos.find((v) => pathOf(v.url) === path);
    if (!video?.file) {
      problems.push(`video ${index + 1} is not on disk`);
      continue;
    }
    const onDisk = await readFile(join(input.home, 'renders', m.id, video.file)).catch(() => null);
    if (!onDisk) problems.push(`${video.file} is missing`);
    else if (!onDisk.equals(await input.videoBytes(run.executionId, index)))
      problems.push(`${video.file} differs from what the CDN served`);
  }
  return problems;
}

/**
 * A render gone from disk: ended by the user only when a delete the user ran went through and
 * the render held this run when it went (its id saved, or it needed attention and the user
 * confirmed). Deleted while the run id was not saved, or paid after the delete: lost.
 */
function judgeDeleted(input: AuditInput, run: CreatedRun, render: string): RunVerdict {
  const base = { executionId: run.executionId, render };
  const deleted = input.deletes.find((d) => d.id === render && d.confirmed);
  if (!deleted) return { ...base, verdict: 'lost', why: `${render} vanished (nobody deleted it)` };
  if (run.createdAt > deleted.endedAt) {
    return { ...base, verdict: 'lost', why: `paid after \`delete ${render}\` had finished` };
  }
  const last = input.seen.get(render)?.last;
  if (last?.executionId === run.executionId || last?.state === 'needs-attention') {
    return { ...base, verdict: 'deleted-by-user' };
  }
  const held = last?.executionId ? `run ${last.executionId}` : 'no run id';
  return {
    ...base,
    verdict: 'lost',
    why: `${render} was deleted while it held ${held} (it was ${last?.state ?? 'never seen'})`,
  };
}

async function judgeRun(
  input: AuditInput,
  run: CreatedRun,
  render: string | undefined,
  disk: ReadonlyMap<string, RenderManifest>,
): Promise<RunVerdict> {
  const base = { executionId: run.executionId, ...(render ? { render } : {}) };
  if (run.deliversNothing) return { ...base, verdict: 'delivered-nothing' };
  if (!render) {
    return { ...base, verdict: 'lost', why: 'no render carries its Idempotency-Key or name' };
  }
  const m = disk.get(render);
  if (!m) return judgeDeleted(input, run, render);
  if (m.executionId !== run.executionId) {
    const held = m.executionId ? ` with run ${m.executionId}` : ' without a run id';
    return {
      ...base,
      verdict: 'lost',
      why: `${render} never kept this run (it is ${m.state}${held})`,
    };
  }
  const problems = await missingVideos(input, m, run);
  if (problems.length === 0) return { ...base, verdict: 'collected' };
  if (m.state === 'canceled') return { ...base, verdict: 'stopped-by-user' };
  return { ...base, verdict: 'lost', why: `${render} is ${m.state}: ${problems.join('; ')}` };
}

/** Runs per key, runs after a run that delivered, and families paid for more videos than asked. */
function findDoubleStarts(input: AuditInput, byRun: Map<string, string>): string[] {
  const found: string[] = [];
  const perKey = new Map<string, CreatedRun[]>();
  for (const run of input.runs) {
    if (!run.idempotencyKey) continue;
    perKey.set(run.idempotencyKey, [...(perKey.get(run.idempotencyKey) ?? []), run]);
  }
  for (const [key, runs] of perKey) {
    if (runs.length < 2) continue;
    const render = byRun.get(runs[0]?.executionId ?? '') ?? 'no known render';
    found.push(`Idempotency-Key ${key} (${render}) created ${runs.length} runs`);
  }
  for (const [render, runs] of runsPerRender(input, byRun)) {
    // A new run is only ever started for a render whose earlier run delivered nothing.
    const paidAgain = runs.slice(0, -1).filter((r) => !r.deliversNothing);
    for (const earlier of paidAgain) {
      found.push(`${render} was started again after its run ${earlier.executionId} delivered`);
    }
  }
  if (input.promptsAreUnique) found.push(...overpaidFamilies(input, byRun));
  return found;
}

function runsPerRender(input: AuditInput, byRun: Map<string, string>): Map<string, CreatedRun[]> {
  const per = new Map<string, CreatedRun[]>();
  for (const run of input.runs) {
    const render = byRun.get(run.executionId);
    if (render) per.set(render, [...(per.get(render) ?? []), run]);
  }
  return per;
}

/** A request and its "missing N" renders never pay for more videos than it asked for. */
function overpaidFamilies(input: AuditInput, byRun: Map<string, string>): string[] {
  const renders = [...input.seen.values()].map((s) => s.last);
  const first = new Map<string, RenderManifest>();
  for (const m of [...renders].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    if (!first.has(m.request.prompt)) first.set(m.request.prompt, m);
  }
  const promptOf = new Map(renders.map((m) => [m.id, m.request.prompt]));
  const delivered = new Map<string, number>();
  for (const run of input.runs) {
    const prompt = promptOf.get(byRun.get(run.executionId) ?? '');
    if (prompt !== undefined)
      delivered.set(prompt, (delivered.get(prompt) ?? 0) + run.deliveredVideos.length);
  }
  const found: string[] = [];
  for (const [prompt, count] of delivered) {
    const asked = first.get(prompt)?.request.batchCount ?? 0;
    if (count > asked) {
      found.push(
        `"${prompt}" (${first.get(prompt)?.id}) asked for ${asked} videos, paid for ${count}`,
      );
    }
  }
  return found;
}

export async function auditPaidRuns(input: AuditInput): Promise<Audit> {
  const { byRun, mismatches } = attribute(input);
  const disk = new Map(input.onDisk.map((m) => [m.id, m]));
  const verdicts: RunVerdict[] = [];
  for (const run of input.runs) {
    verdicts.push(await judgeRun(input, run, byRun.get(run.executionId), disk));
  }
  const perRender = runsPerRender(input, byRun);
  return {
    runs: input.runs.length,
    renders: new Set([...input.seen.keys(), ...disk.keys()]).size,
    verdicts,
    lost: verdicts.filter((v) => v.verdict === 'lost'),
    doubleStarts: [...mismatches, ...findDoubleStarts(input, byRun)],
    maxStartsPerRender: Math.max(0, ...[...perRender.values()].map((runs) => runs.length)),
    stuck: input.onDisk
      .filter((m) => !isTerminal(m.state))
      .map((m) => ({ id: m.id, state: m.state })),
    needsAttention: input.onDisk
      .filter((m) => m.state === 'needs-attention')
      .map((m) => ({ id: m.id, paidRun: perRender.has(m.id) })),
    cameBack: input.deletes.filter((d) => d.confirmed && disk.has(d.id)).map((d) => d.id),
  };
}

export const countVerdicts = (audit: Audit, verdict: Verdict) =>
  audit.verdicts.filter((v) => v.verdict === verdict).length;
