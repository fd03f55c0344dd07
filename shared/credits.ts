import { z } from 'zod';
import {
  BUDGET_CAPS,
  BUDGET_CHECKS,
  BUDGET_SUBJECTS,
  type BudgetCapName,
  type BudgetCheck,
  type BudgetParams,
  type BudgetReason,
  type BudgetSubject,
  CAP_WITH_LIMIT,
} from './budget-checks';
import { JobState, type RenderManifest } from './job';
import { agentOf, ModelName } from './models';
import { andList, fillTemplate } from './render-checks';

/**
 * Credits ("power" in WeShop's API), in one place: what an estimate says, how a figure reads,
 * what the ledger keeps per render, the budget caps and the rules that apply them. The app,
 * the CLI and the Spent view all use these, so a number never reads two ways.
 */

/** What New render and `kling-studio estimate` get for one request (every video of the batch). */
export const CreditEstimate = z.object({
  /** WeShop's figure (power-estimates totalPower); null when there is none. */
  credits: z.number().nonnegative().nullable(),
  /** The balance WeShop last reported (a start's powerBalanceAmount), when known. */
  balance: z.number().optional(),
  /** False when the balance does not cover the estimate (WeShop's paidPowerNotEnough). */
  enough: z.boolean().optional(),
  /** Why there is no figure, in words the user can act on (only when credits is null). */
  unavailable: z.string().optional(),
});
export type CreditEstimate = z.infer<typeof CreditEstimate>;

/** WeShop's power-estimates answer as the client reads it (null: no usable answer). */
export interface PowerFigure {
  totalPower: number;
  notEnough: boolean;
}

/** One estimate from WeShop's figure and the last balance seen; `enough` prefers WeShop's word. */
export function estimateFrom(
  figure: PowerFigure | null,
  balance: number | undefined,
  unavailable = 'WeShop did not return an estimate for this render.',
): CreditEstimate {
  const withBalance = balance === undefined ? {} : { balance };
  if (figure === null) return { credits: null, ...withBalance, unavailable };
  const enough = figure.notEnough
    ? false
    : balance === undefined
      ? true
      : figure.totalPower <= balance;
  return { credits: figure.totalPower, ...withBalance, enough };
}

/**
 * Made on first use, not at module load: creating an Intl formatter loads ICU data (~35 ms),
 * which every CLI command importing this module (`list` among them) would pay at start-up.
 */
let numberFormat: Intl.NumberFormat | undefined;

/** "1 credit", "1,250 credits", "2.5 credits": how every figure reads. */
export function formatCredits(credits: number): string {
  numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  return `${numberFormat.format(credits)} ${credits === 1 ? 'credit' : 'credits'}`;
}

/** The one line New render and the CLI show for an estimate. */
export function describeEstimate(estimate: CreditEstimate): string {
  if (estimate.credits === null) {
    return `No cost estimate: ${estimate.unavailable ?? 'WeShop did not return one.'}`;
  }
  const cost = `Estimated cost: ${formatCredits(estimate.credits)}`;
  const balance =
    estimate.balance === undefined ? '' : ` · balance ${formatCredits(estimate.balance)}`;
  const warning = estimate.enough === false ? ' — more than your balance' : '';
  return `${cost}${balance}${warning}`;
}

/** One render in the ledger: what it cost and the balance WeShop reported after it. */
export const LedgerEntry = z.object({
  id: z.string(),
  /** When credits were spent: the start was sent (else the render was created). */
  at: z.iso.datetime(),
  model: ModelName,
  duration: z.string(),
  generateAudio: z.boolean(),
  batchCount: z.number().int(),
  state: JobState,
  prompt: z.string(),
  credits: z.number(),
  balanceAfter: z.number().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** The render's ledger entry, or null when WeShop never said what it cost (older renders too). */
export function ledgerEntryOf(manifest: RenderManifest): LedgerEntry | null {
  const spent = manifest.credits?.powerConsumption;
  if (spent === undefined) return null;
  const entry: LedgerEntry = {
    id: manifest.id,
    at: manifest.startSentAt ?? manifest.createdAt,
    model: manifest.request.model,
    duration: manifest.request.duration,
    generateAudio: manifest.request.generateAudio,
    batchCount: manifest.request.batchCount,
    state: manifest.state,
    prompt: manifest.request.prompt,
    credits: spent,
  };
  const balance = manifest.credits?.powerBalanceAmount;
  if (balance !== undefined) entry.balanceAfter = balance;
  return entry;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-11-29": the local calendar day of an instant (what "today" means to the user). */
export function dayKey(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** "2026-W48": the ISO 8601 week (Monday first) of the local calendar day. */
export function weekKey(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  // Work in UTC on the local calendar date, so daylight-saving shifts cannot move a day.
  const date = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday decides the year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${two(week)}`;
}

export const DayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are YYYY-MM-DD, e.g. 2026-11-01')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'Not a calendar date');

/** Totals of the ledger: what `spent --json` prints (byWeek is for the Spent view). */
export interface LedgerSummary {
  credits: number;
  renders: number;
  /** By agent (kling, kling-v3-omni, kling-O1, kling-motion-control), from each entry's model. */
  byAgent: Record<string, number>;
  byModel: Record<string, number>;
  byDay: Record<string, number>;
  byWeek: Record<string, number>;
}

/** Sums without binary-fraction drift: credits have at most a few decimals. */
const add = (a: number, b: number) => Math.round((a + b) * 1e6) / 1e6;

/** The entries on or after `since` (a local YYYY-MM-DD day), oldest first. */
export function entriesSince(entries: readonly LedgerEntry[], since?: string): LedgerEntry[] {
  return entries
    .filter((entry) => since === undefined || dayKey(entry.at) >= since)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
}

/** Totals by agent, model, local day and ISO week, of the entries on or after `since`. */
export function summariseLedger(entries: readonly LedgerEntry[], since?: string): LedgerSummary {
  const summary: LedgerSummary = {
    credits: 0,
    renders: 0,
    byAgent: {},
    byModel: {},
    byDay: {},
    byWeek: {},
  };
  for (const entry of entriesSince(entries, since)) {
    summary.credits = add(summary.credits, entry.credits);
    summary.renders += 1;
    // A model names its agent (shared/models.ts): the entry need not carry it twice.
    const agent = agentOf(entry.model);
    summary.byAgent[agent] = add(summary.byAgent[agent] ?? 0, entry.credits);
    summary.byModel[entry.model] = add(summary.byModel[entry.model] ?? 0, entry.credits);
    const day = dayKey(entry.at);
    summary.byDay[day] = add(summary.byDay[day] ?? 0, entry.credits);
    const week = weekKey(entry.at);
    summary.byWeek[week] = add(summary.byWeek[week] ?? 0, entry.credits);
  }
  return summary;
}

/** What was spent on one local day (the daily cap's "so far"). */
export const spentOnDay = (entries: readonly LedgerEntry[], day: string) =>
  entries.reduce((sum, entry) => (dayKey(entry.at) === day ? add(sum, entry.credits) : sum), 0);

/** The balance WeShop reported most recently (by when the credits were spent), if any. */
export function latestBalance(entries: readonly LedgerEntry[]): number | undefined {
  let latest: LedgerEntry | undefined;
  for (const entry of entries) {
    if (entry.balanceAfter === undefined) continue;
    if (latest === undefined || Date.parse(entry.at) >= Date.parse(latest.at)) latest = entry;
  }
  return latest?.balanceAfter;
}

/** A cap in credits. */
export const CreditCapValue = z
  .number({ error: 'A cap is a number of credits' })
  .positive('A cap must be more than 0 credits')
  .max(1_000_000_000, 'A cap must be at most 1,000,000,000 credits');
/** null (the default) means no cap. */
export const CreditCap = CreditCapValue.nullable().default(null);

/** Settings → Budget: optional caps per render and per local day. */
export const BudgetSettings = z.object({
  maxCreditsPerRender: CreditCap,
  maxCreditsPerDay: CreditCap,
});
export type BudgetSettings = z.infer<typeof BudgetSettings>;
/** A change to the caps: only the fields named change (no defaults filled in). */
export const BudgetPatch = z.object({
  maxCreditsPerRender: CreditCapValue.nullable().optional(),
  maxCreditsPerDay: CreditCapValue.nullable().optional(),
});

/** One cap to apply, named as the user set it ("your per-render cap", "--max-credits"). */
export interface BudgetCap {
  scope: 'render' | 'day';
  limit: number;
  name: BudgetCapName;
}

/** The caps the settings set (named in the app's and the CLI's words by BUDGET_CAPS). */
export function capsFromSettings(budget: Partial<BudgetSettings>): BudgetCap[] {
  const caps: BudgetCap[] = [];
  if (budget.maxCreditsPerRender != null) {
    caps.push({ scope: 'render', limit: budget.maxCreditsPerRender, name: 'perRender' });
  }
  if (budget.maxCreditsPerDay != null) {
    caps.push({ scope: 'day', limit: budget.maxCreditsPerDay, name: 'daily' });
  }
  return caps;
}

/**
 * Whether a render fits the caps. within: no cap, or every cap holds. over: at least one cap
 * is exceeded (the app asks, the CLI refuses). unknown: a cap applies but there is no
 * estimate to check it against (said out loud, never decided silently). Each reason carries
 * its id and values (the app's words) and its English message (the CLI's).
 */
export type BudgetVerdict =
  | { kind: 'within' }
  | { kind: 'over'; reasons: BudgetReason[] }
  | { kind: 'unknown'; reason: BudgetReason };

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The English words of a budget reason's values (the renderer says them its own way). */
function englishBudgetValues(params: BudgetParams): Record<string, string> {
  const values: Record<string, string> = {};
  if (params.subject) {
    const { id, n } = params.subject;
    const subject = fillTemplate(BUDGET_SUBJECTS[id], n === undefined ? {} : { n }, String);
    values.subject = subject;
    values.Subject = capitalised(subject);
  }
  const [first] = params.caps;
  if (first) {
    values.cap = BUDGET_CAPS[first.cap];
    values.limit = formatCredits(first.limit);
  }
  values.caps = andList(
    params.caps.map(({ cap, limit }) =>
      fillTemplate(CAP_WITH_LIMIT, { cap: BUDGET_CAPS[cap], limit: formatCredits(limit) }, String),
    ),
  );
  for (const name of ['credits', 'spent', 'total'] as const) {
    const value = params[name];
    if (value !== undefined) values[name] = formatCredits(value);
  }
  return values;
}

/** A budget reason: its id, its values and its English message. */
export function budgetReason(check: BudgetCheck, params: BudgetParams): BudgetReason {
  return {
    check,
    params,
    message: fillTemplate(BUDGET_CHECKS[check], englishBudgetValues(params), String),
  };
}

export function checkBudget(input: {
  credits: number | null;
  /** Credits already spent today (local day), from the ledger. */
  spentToday: number;
  caps: readonly BudgetCap[];
  /** What is being paid for, as the messages name it; default "this render". */
  subject?: BudgetSubject;
}): BudgetVerdict {
  const { credits, spentToday, caps } = input;
  const subject = input.subject ?? { id: 'render' };
  if (caps.length === 0) return { kind: 'within' };
  if (credits === null) {
    const unchecked = caps.map((cap) => ({ cap: cap.name, limit: cap.limit }));
    return { kind: 'unknown', reason: budgetReason('unknown', { subject, caps: unchecked }) };
  }
  const reasons: BudgetReason[] = [];
  for (const cap of caps) {
    const broken = [{ cap: cap.name, limit: cap.limit }];
    if (cap.scope === 'render' && credits > cap.limit) {
      reasons.push(budgetReason('overRender', { subject, caps: broken, credits }));
    }
    const total = add(spentToday, credits);
    if (cap.scope === 'day' && total > cap.limit) {
      reasons.push(
        budgetReason('overDay', { subject, caps: broken, credits, spent: spentToday, total }),
      );
    }
  }
  return reasons.length > 0 ? { kind: 'over', reasons } : { kind: 'within' };
}

/**
 * Several renders queued in one action (a CLI batch file, a set of variations): each render
 * is held to the per-render caps, and their total plus today's spending to the daily caps.
 * over: every cap exceeded; unchecked: the caps a missing estimate leaves unchecked.
 */
export function checkManyBudget(input: {
  credits: readonly (number | null)[];
  /** Credits already spent today; null when it could not be read (the daily caps go unchecked). */
  spentToday: number | null;
  caps: readonly BudgetCap[];
  /** How the messages name render i (0-based) and the whole, e.g. "render 2 of the set". */
  subjectOf: (index: number) => BudgetSubject;
  wholeSubject: BudgetSubject;
}): { over: BudgetReason[]; unchecked: BudgetReason[] } {
  const over: BudgetReason[] = [];
  const unchecked: BudgetReason[] = [];
  const judge = (verdict: BudgetVerdict, ofOne: boolean) => {
    if (verdict.kind === 'over') over.push(...verdict.reasons);
    if (verdict.kind === 'unknown') {
      // One render among several: the reason names which one ("Render 2 of the set: …").
      const { reason } = verdict;
      unchecked.push(ofOne ? budgetReason('unknownFor', reason.params) : reason);
    }
  };
  const perRender = input.caps.filter((cap) => cap.scope === 'render');
  input.credits.forEach((credits, index) => {
    const subject = input.subjectOf(index);
    judge(checkBudget({ credits, spentToday: 0, caps: perRender, subject }), true);
  });
  const known = input.credits.every((credits) => credits !== null);
  const total = known
    ? input.credits.reduce<number>((sum, credits) => sum + (credits ?? 0), 0)
    : null;
  judge(
    checkBudget({
      credits: input.spentToday === null ? null : total,
      spentToday: input.spentToday ?? 0,
      caps: input.caps.filter((cap) => cap.scope === 'day'),
      subject: input.wholeSubject,
    }),
    false,
  );
  return { over, unchecked };
}
