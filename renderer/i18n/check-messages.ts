import type { BudgetParams, BudgetReason } from '../../shared/budget-checks';
import { ModelName } from '../../shared/models';
import {
  type CheckValue,
  englishValue,
  isRenderCheck,
  type SaidIssue,
} from '../../shared/render-checks';
import { formatClauses, formatCredits, formatList } from './format';
import { currentLanguage, i18n } from './index';
import { modelName } from './model-label';

/** What the renderer reads from a zod issue: its English message and, for a check, params. */
export interface CheckIssueLike {
  message: string;
  params?: Record<string, unknown> | undefined;
}

/**
 * An issue from the shared request checks in the chosen language: a check with an id
 * (params.check) is said from the `checks` namespace with its values; any other issue keeps
 * its English message (never dropped, never blank).
 */
export function checkMessage(issue: CheckIssueLike): string {
  const check = issue.params?.check;
  if (!isRenderCheck(check)) return issue.message;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(issue.params ?? {})) {
    if (name !== 'check' && isCheckValue(value)) values[name] = localValue(value);
  }
  // The model by its id, in the chosen language ("Kling O1 · 首帧生成视频"), not shared's English.
  const modelId = ModelName.safeParse(issue.params?.modelId);
  if (modelId.success) values.model = modelName(modelId.data);
  // The English message is the default too: a missing word never shows a bare key.
  return i18n.t(`checks:${check}`, { ...values, defaultValue: issue.message });
}

/** English lists join like the CLI ("a, b or c"); other languages through Intl. */
function localValue(value: CheckValue): string {
  if (typeof value !== 'object' || currentLanguage() === 'en') return englishValue(value);
  return 'or' in value ? formatList(value.or, 'disjunction') : formatList(value.and);
}

function isCheckValue(value: unknown): value is CheckValue {
  if (typeof value === 'string' || typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  const list = 'or' in value ? value.or : 'and' in value ? value.and : undefined;
  return Array.isArray(list) && list.every((item) => typeof item === 'string');
}

/**
 * A budget reason (shared/budget-checks.ts) in the chosen language: its words from the
 * `checks` namespace, what is paid for and the caps named there too, credits through the one
 * formatter. English reads as the reason's own message (what the CLI prints).
 */
export function budgetReasonText(reason: BudgetReason): string {
  return say(`checks:budget.${reason.check}`, {
    ...budgetValues(reason.params),
    defaultValue: reason.message,
  });
}

// Keys built from the reason's ids (each one exists: the strings' type is shared's table).
const say = (key: string, options: Record<string, unknown> = {}): string =>
  (i18n.t as (key: string, options: Record<string, unknown>) => string)(key, options);

function budgetValues(params: BudgetParams): Record<string, string> {
  const values: Record<string, string> = {};
  if (params.subject) {
    const { id, n } = params.subject;
    const subject = say(`checks:budget.subject.${id}`, n === undefined ? {} : { n });
    values.subject = subject;
    values.Subject = subject.charAt(0).toUpperCase() + subject.slice(1);
  }
  const capName = (cap: BudgetParams['caps'][number]) => say(`checks:budget.cap.${cap.cap}`);
  const [first] = params.caps;
  if (first) {
    values.cap = capName(first);
    values.limit = formatCredits(first.limit);
  }
  const named = params.caps.map((cap) =>
    say('checks:budget.capWithLimit', { cap: capName(cap), limit: formatCredits(cap.limit) }),
  );
  values.caps = localValue({ and: named });
  for (const name of ['credits', 'spent', 'total'] as const) {
    const value = params[name];
    if (value !== undefined) values[name] = formatCredits(value);
  }
  return values;
}

/**
 * A refusal from the shared checks (a set, a storyboard, a continuation) in the chosen
 * language: each issue it names said by its check id; without them, its English message.
 */
export function refusalText(refusal: { message: string; said?: readonly SaidIssue[] }): string {
  if (!refusal.said?.length) return refusal.message;
  return formatClauses([...new Set(refusal.said.map(checkMessage))]);
}
