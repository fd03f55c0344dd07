import {
  capsFromSettings,
  checkBudget,
  checkManyBudget,
  dayKey,
  spentOnDay,
} from '../../shared/credits';
import type { RenderRequest } from '../../shared/render-request';
import type { Settings } from '../../shared/settings';
import { type BridgeClient, errorMessage } from '../bridge';
import { i18n } from '../i18n';
import { budgetReasonText } from '../i18n/check-messages';
import { estimateText } from './estimate-text';

// Plain functions (the store asks them), so i18n.t rather than a hook. The budget reasons from
// shared/credits (checkBudget, checkManyBudget) carry ids and values: said here in the chosen
// language (budgetReasonText), while the CLI prints their English.
const t = i18n.t;
const notChecked = (error: unknown) =>
  t('store:budget.notChecked', { reason: errorMessage(error) });

/** Why a render needs the user's OK before it is queued: the words the dialog shows. */
export interface BudgetConcern {
  title: string;
  reasons: string[];
}

type BudgetSettingsView = Pick<Settings, 'maxCreditsPerRender' | 'maxCreditsPerDay'> | null;

/** What an action that pays WeShop would cost, in words, and whether the caps let it go. */
export interface CostCheck {
  /** WeShop's estimate as every screen says it (estimateText), or why there is none. */
  estimate: string;
  /** null: no cap is set, or every cap holds. */
  concern: BudgetConcern | null;
}

/**
 * Asks for the estimate (and, when a cap is set, today's spending) and judges the request
 * against Settings → Budget. A concern when a cap would be exceeded, or when a cap is set but
 * the cost cannot be known (the app asks; it never blocks or lets it through silently).
 * Never throws: a failed call is said in `estimate` and, under a cap, in the concern.
 */
export async function costCheckFor(
  client: BridgeClient,
  request: RenderRequest,
  settings: BudgetSettingsView,
  now: Date = new Date(),
): Promise<CostCheck> {
  const caps = capsFromSettings(settings ?? {});
  let credits: number | null = null;
  let estimateLine: string;
  let unknownBecause: string | undefined;
  let spentToday = 0;
  try {
    const [estimate, ledger] = await Promise.all([
      client.call('render:estimate', request),
      caps.length > 0 ? client.call('credits:ledger', {}) : null,
    ]);
    credits = estimate.credits;
    estimateLine = estimateText(estimate);
    if (credits === null) unknownBecause = estimateLine;
    if (ledger) spentToday = spentOnDay(ledger.entries, dayKey(now));
  } catch (error) {
    unknownBecause = notChecked(error);
    estimateLine = unknownBecause;
  }
  const verdict = checkBudget({ credits, spentToday, caps });
  if (verdict.kind === 'within') return { estimate: estimateLine, concern: null };
  if (verdict.kind === 'over') {
    return {
      estimate: estimateLine,
      concern: { title: t('store:budget.over'), reasons: verdict.reasons.map(budgetReasonText) },
    };
  }
  return {
    estimate: estimateLine,
    concern: {
      title: t('store:budget.unknown'),
      reasons: [...(unknownBecause ? [unknownBecause] : []), budgetReasonText(verdict.reason)],
    },
  };
}

/** New render's check before it queues: with no cap set, nothing is asked at all. */
export async function budgetConcernFor(
  client: BridgeClient,
  request: RenderRequest,
  settings: BudgetSettingsView,
  now: Date = new Date(),
): Promise<BudgetConcern | null> {
  if (capsFromSettings(settings ?? {}).length === 0) return null;
  return (await costCheckFor(client, request, settings, now)).concern;
}

/** Estimates asked at once for a set: WeShop is not sent one request per render together. */
const SET_ESTIMATES_AT_ONCE = 4;

/** WeShop's figure for one render of a set, or null with the reason it has none. */
async function creditsOrReason(
  client: BridgeClient,
  request: RenderRequest,
): Promise<{ credits: number | null; reason?: string }> {
  try {
    const estimate = await client.call('render:estimate', request);
    return estimate.credits === null
      ? { credits: null, reason: estimateText(estimate) }
      : { credits: estimate.credits };
  } catch (error) {
    return { credits: null, reason: notChecked(error) };
  }
}

/**
 * A set of renders (Variations) against Settings → Budget, judged as the CLI judges a batch:
 * each render against the per-render cap, and the set's total plus today's spending against
 * the daily cap, with the shared checkManyBudget rule. A render without an estimate while a cap is
 * set makes the whole set "Cost unknown" (asked, never decided silently). No cap: asks nothing.
 */
export async function setBudgetConcernFor(
  client: BridgeClient,
  requests: readonly RenderRequest[],
  settings: BudgetSettingsView,
  now: Date = new Date(),
): Promise<BudgetConcern | null> {
  const caps = capsFromSettings(settings ?? {});
  if (caps.length === 0) return null;
  const ledger = client.call('credits:ledger', {}).then(
    (answer) => ({ spentToday: spentOnDay(answer.entries, dayKey(now)) }),
    (error: unknown) => ({ failed: errorMessage(error) }),
  );
  const figures: { credits: number | null; reason?: string }[] = [];
  for (let start = 0; start < requests.length; start += SET_ESTIMATES_AT_ONCE) {
    const slice = requests.slice(start, start + SET_ESTIMATES_AT_ONCE);
    figures.push(...(await Promise.all(slice.map((request) => creditsOrReason(client, request)))));
  }
  const spent = await ledger;
  // Why a figure is missing first, then which cap that leaves unchecked (the shared words).
  const missing: string[] = [];
  figures.forEach((figure, index) => {
    if (figure.reason) {
      missing.push(t('store:budget.renderOfSet', { n: index + 1, reason: figure.reason }));
    }
  });
  const hasDailyCap = caps.some((cap) => cap.scope === 'day');
  if (hasDailyCap && 'failed' in spent) {
    missing.push(t('store:budget.spentUnread', { reason: spent.failed }));
  }
  const { over, unchecked } = checkManyBudget({
    credits: figures.map((figure) => figure.credits),
    spentToday: 'spentToday' in spent ? spent.spentToday : null,
    caps,
    subjectOf: (index) => ({ id: 'renderOfSet', n: index + 1 }),
    wholeSubject: { id: 'set', n: requests.length },
  });
  const unknown = [...new Set([...missing, ...unchecked.map(budgetReasonText)])];
  if (over.length > 0) {
    return { title: t('store:budget.over'), reasons: [...over.map(budgetReasonText), ...unknown] };
  }
  if (unchecked.length > 0) return { title: t('store:budget.unknown'), reasons: unknown };
  return null;
}
