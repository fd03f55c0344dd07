import {
  type BudgetReason,
  type BudgetSubject,
  reasonMessages,
} from '../../../shared/budget-checks';
import {
  type BudgetCap,
  type CreditEstimate,
  capsFromSettings,
  checkBudget,
  checkManyBudget,
  DayString,
  dayKey,
  describeEstimate,
  formatCredits,
  spentOnDay,
  summariseLedger,
} from '../../../shared/credits';
import { KlingError } from '../../../shared/errors';
import type { RenderRequest } from '../../../shared/render-request';
import type { Core } from '../../app/core';
import { readLedger } from '../../credits/ledger';
import { mapLimit } from '../../library/serialize';
import {
  type AgentOptions,
  agentFields,
  checkImageCount,
  parseAgent,
  parseModel,
} from '../agent-input';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { openLibrary } from '../open-library';
import { printError, printJson, printLine } from '../output';
import {
  intendedModel,
  prepareRequest,
  type TypedSettings,
  typedSettingFields,
} from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';

export type EstimateOptions = TypedSettings & AgentOptions;

/**
 * A batch's rows are estimated this many at a time: each may be an image upload plus a
 * request, and a file of hundreds of rows must not open hundreds at once (the renders
 * themselves run at the Settings concurrency).
 */
const BATCH_ESTIMATES_AT_ONCE = 4;

/**
 * `estimate`'s request exactly as typed (one of each), checked as `generate` checks it: the
 * IMAGE count per agent, the schema, every local picture and the reference video's host.
 */
export function estimateRequestFrom(
  images: readonly string[],
  options: EstimateOptions,
  io: Pick<CliIo, 'cwd' | 'env'>,
) {
  const input = {
    ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
    ...typedSettingFields(options),
    ...agentFields(images, options, io.cwd),
  };
  if (options.model !== undefined) parseModel(options.model);
  const model = intendedModel(input);
  if (model) checkImageCount(images.length, [model], parseAgent(options.agent));
  return prepareRequest(input, io.env);
}

/** What `estimate --json` prints: exactly the shape (balance/enough only when known). */
export function estimateJson(estimate: CreditEstimate) {
  return {
    credits: estimate.credits,
    ...(estimate.balance === undefined ? {} : { balance: estimate.balance }),
    ...(estimate.enough === undefined ? {} : { enough: estimate.enough }),
  };
}

/**
 * `estimate <image> …`: WeShop's cost for the request (a local image is uploaded once to be
 * estimated). Exit 0 with a figure, 1 when there is none (the reason on stderr).
 */
export async function estimate(
  io: CliIo,
  request: RenderRequest,
  options: { json?: boolean },
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    const answer = await core.estimator.estimate(request);
    if (options.json) printJson(io, estimateJson(answer));
    else printLine(io, describeEstimate(answer));
    if (answer.credits === null) {
      printError(io, describeEstimate(answer));
      return EXIT.failed;
    }
    return EXIT.ok;
  } finally {
    await closeCore(core);
  }
}

/** `generate --max-credits n` as a number (undefined when not given). */
export function maxCreditsOption(options: object): number | undefined {
  const raw = 'maxCredits' in options ? options.maxCredits : undefined;
  return raw === undefined ? undefined : parseMaxCredits(String(raw));
}

/** "--max-credits 50" → 50; anything but a positive number is input to fix. */
export function parseMaxCredits(raw: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new KlingError(
      'invalid-input',
      `--max-credits must be a number of credits above 0, got "${raw}"`,
    );
  }
  return value;
}

/**
 * The CLI's budget gate before any start: --max-credits and the Settings caps (per render,
 * per day). Over a cap, or a cap with no estimate to check it: refused with what it would
 * cost (stderr) and EXIT.overBudget. null: go ahead. No cap at all asks WeShop nothing.
 */
export async function refuseOverBudget(
  core: Core,
  io: CliIo,
  request: RenderRequest,
  maxCredits: number | undefined,
): Promise<number | null> {
  const caps: BudgetCap[] = capsFromSettings(await core.settings.get());
  if (maxCredits !== undefined)
    caps.unshift({ scope: 'render', limit: maxCredits, name: 'maxCredits' });
  if (caps.length === 0) return null;
  const [answer, entries] = await Promise.all([
    core.estimator.estimate(request),
    readLedger(core.library),
  ]);
  const verdict = checkBudget({
    credits: answer.credits,
    spentToday: spentOnDay(entries, dayKey(new Date())),
    caps,
  });
  if (verdict.kind === 'within') return null;
  const reasons =
    verdict.kind === 'over'
      ? reasonMessages(verdict.reasons)
      : [describeEstimate(answer), verdict.reason.message];
  printError(io, `refused, nothing was started: ${reasons.join(' ')}`);
  return EXIT.overBudget;
}

/**
 * `batch`: the Settings caps, before anything is queued. Each row is held to the per-render
 * cap and the whole file (plus today's spending) to the daily cap; any row over, or any row
 * without an estimate while a cap is set, refuses the whole batch (EXIT.overBudget).
 */
export async function refuseBatchOverBudget(
  core: Core,
  io: CliIo,
  requests: readonly RenderRequest[],
): Promise<number | null> {
  const caps = capsFromSettings(await core.settings.get());
  if (caps.length === 0) return null;
  const [estimates, entries] = await Promise.all([
    mapLimit(requests, BATCH_ESTIMATES_AT_ONCE, (request) => core.estimator.estimate(request)),
    readLedger(core.library),
  ]);
  const { over, unchecked } = checkManyBudget({
    credits: estimates.map((answer) => answer.credits),
    spentToday: spentOnDay(entries, dayKey(new Date())),
    caps,
    subjectOf: (index) => ({ id: 'request', n: index + 1 }),
    wholeSubject: { id: 'batch', n: requests.length },
  });
  const reasons = reasonMessages([...over, ...unchecked]);
  if (reasons.length === 0) return null;
  printError(io, `refused, nothing was queued: ${reasons.join(' ')}`);
  return EXIT.overBudget;
}

/** Thrown from a set's onTotal when its total breaks a cap: nothing of the set was queued. */
export class OverBudgetRefusal extends Error {
  readonly exitCode = EXIT.overBudget;
}

/**
 * The budget gate for a set (several prompts/models/durations): the caps and today's spending
 * are read first, then the returned check runs on the estimates queueSet reports before it
 * queues anything. --max-credits holds the set's total (what this command may spend); the
 * Settings caps hold each render and the total plus today (checkManyBudget, as the app and
 * `batch` do). Over a cap or unknown: throws OverBudgetRefusal.
 */
export async function setBudgetGate(
  core: Core,
  maxCredits: number | undefined,
): Promise<(total: number | null, estimates: readonly (number | null)[]) => void> {
  const caps: BudgetCap[] = capsFromSettings(await core.settings.get());
  if (maxCredits === undefined && caps.length === 0) return () => undefined;
  const spentToday = spentOnDay(await readLedger(core.library), dayKey(new Date()));
  return (total, estimates) => {
    const wholeSubject: BudgetSubject = { id: 'set', n: estimates.length };
    const over: BudgetReason[] = [];
    const unchecked: BudgetReason[] = [];
    if (maxCredits !== undefined) {
      const cap: BudgetCap = { scope: 'render', limit: maxCredits, name: 'maxCredits' };
      const verdict = checkBudget({
        credits: total,
        spentToday,
        caps: [cap],
        subject: wholeSubject,
      });
      if (verdict.kind === 'over') over.push(...verdict.reasons);
      if (verdict.kind === 'unknown') unchecked.push(verdict.reason);
    }
    const settings = checkManyBudget({
      credits: estimates,
      spentToday,
      caps,
      subjectOf: (index) => ({ id: 'renderOfSet', n: index + 1 }),
      wholeSubject,
    });
    over.push(...settings.over);
    unchecked.push(...settings.unchecked);
    if (over.length === 0 && unchecked.length === 0) return;
    const reasons =
      over.length > 0
        ? reasonMessages([...over, ...unchecked])
        : ['No cost estimate for every render of the set.', ...reasonMessages(unchecked)];
    throw new OverBudgetRefusal(`refused, nothing was started: ${reasons.join(' ')}`);
  };
}

/** `spent [--since YYYY-MM-DD] [--json]`: what the library's renders cost, from their manifests. */
export async function spent(
  io: CliIo,
  options: { since?: string; json?: boolean },
): Promise<number> {
  if (options.since !== undefined && !DayString.safeParse(options.since).success) {
    throw new KlingError(
      'invalid-input',
      `--since must be a date as YYYY-MM-DD (e.g. 2026-11-01), got "${options.since}"`,
    );
  }
  const library = openLibrary(io, { readOnly: true });
  let entries: Awaited<ReturnType<typeof readLedger>>;
  try {
    entries = await readLedger(library);
  } finally {
    await library.close();
  }
  const summary = summariseLedger(entries, options.since);
  if (options.json) {
    const { credits, renders, byAgent, byModel, byDay } = summary;
    printJson(io, { credits, renders, byAgent, byModel, byDay });
    return EXIT.ok;
  }
  const since = options.since ? ` since ${options.since}` : '';
  printLine(
    io,
    `Spent${since}: ${formatCredits(summary.credits)} on ${summary.renders} render${summary.renders === 1 ? '' : 's'}`,
  );
  const block = (title: string, totals: Record<string, number>) => {
    const rows = Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : 1));
    if (rows.length === 0) return;
    printLine(io);
    printLine(io, title);
    const width = Math.max(...rows.map(([name]) => name.length));
    for (const [name, credits] of rows)
      printLine(io, `  ${name.padEnd(width)}  ${formatCredits(credits)}`);
  };
  block('By agent', summary.byAgent);
  block('By model', summary.byModel);
  block('By day', summary.byDay);
  return EXIT.ok;
}
