import { z } from 'zod';

/**
 * The budget rules' reasons (shared/credits.ts checkBudget, checkManyBudget), each with a
 * stable id, its English words as a template, and its values: the CLI and the logs print the
 * English `message` built here, the app says the same reason in the user's language
 * (renderer/i18n/check-messages.ts budgetReasonText) from `check` and `params`.
 */

/** Why a render (or a set) breaks a cap, or why a cap cannot be checked. */
export const BUDGET_CHECKS = {
  overRender: '{{Subject}} is estimated at {{credits}}, more than {{cap}} of {{limit}}.',
  overDay:
    '{{spent}} spent today plus {{credits}} for {{subject}} makes {{total}}, more than {{cap}} of {{limit}}.',
  unknown: 'No cost estimate is available, so {{caps}} cannot be checked.',
  /** The same, said of one render among several ("Render 2 of the set: …"). */
  unknownFor: '{{Subject}}: No cost estimate is available, so {{caps}} cannot be checked.',
} as const;

/** What is paid for, as the reasons name it. `n` is the render's number or the set's size. */
export const BUDGET_SUBJECTS = {
  render: 'this render',
  request: 'request {{n}}',
  batch: 'this batch of {{n}} renders',
  renderOfSet: 'render {{n}} of the set',
  eachOfSet: 'each render of the set',
  set: 'this set of {{n}} renders',
} as const;

/** The caps, named as the user set them (Settings → Budget, or the CLI's option). */
export const BUDGET_CAPS = {
  perRender: 'your per-render cap',
  daily: 'your daily cap',
  maxCredits: '--max-credits',
} as const;

/** One cap with its limit, inside the "cannot be checked" reason. */
export const CAP_WITH_LIMIT = '{{cap}} ({{limit}})';

export type BudgetCheck = keyof typeof BUDGET_CHECKS;
export const BUDGET_CHECK_IDS = Object.keys(BUDGET_CHECKS) as BudgetCheck[];

const subjectIds = Object.keys(BUDGET_SUBJECTS) as [keyof typeof BUDGET_SUBJECTS];
const capIds = Object.keys(BUDGET_CAPS) as [keyof typeof BUDGET_CAPS];

export const BudgetSubject = z.object({
  id: z.enum(subjectIds),
  n: z.number().int().optional(),
});
export type BudgetSubject = z.infer<typeof BudgetSubject>;

export const BudgetCapName = z.enum(capIds);
export type BudgetCapName = z.infer<typeof BudgetCapName>;

/** A reason's values: credits are plain numbers (each side formats them its own way). */
export const BudgetParams = z.object({
  subject: BudgetSubject.optional(),
  /** The cap broken (over*), or every cap left unchecked (unknown*). */
  caps: z.array(z.object({ cap: BudgetCapName, limit: z.number() })),
  credits: z.number().optional(),
  spent: z.number().optional(),
  total: z.number().optional(),
});
export type BudgetParams = z.infer<typeof BudgetParams>;

/** One reason: its id and values, and its English words (what the CLI prints). */
export const BudgetReason = z.object({
  check: z.enum(Object.keys(BUDGET_CHECKS) as [BudgetCheck]),
  params: BudgetParams,
  message: z.string(),
});
export type BudgetReason = z.infer<typeof BudgetReason>;

/** The reasons' English words, one line each (the CLI joins them). */
export const reasonMessages = (reasons: readonly BudgetReason[]): string[] =>
  reasons.map((reason) => reason.message);
