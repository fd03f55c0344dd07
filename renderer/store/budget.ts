import {
  capsFromSettings,
  checkBudget,
  dayKey,
  describeEstimate,
  spentOnDay,
} from '../../shared/credits';
import type { RenderRequest } from '../../shared/render-request';
import type { Settings } from '../../shared/settings';
import { type BridgeClient, errorMessage } from '../bridge';

/** Why a render needs the user's OK before it is queued: the words the dialog shows. */
export interface BudgetConcern {
  title: string;
  reasons: string[];
}

type BudgetSettingsView = Pick<Settings, 'maxCreditsPerRender' | 'maxCreditsPerDay'> | null;

/** What an action that pays WeShop would cost, in words, and whether the caps let it go. */
export interface CostCheck {
  /** WeShop's estimate as every screen says it (describeEstimate), or why there is none. */
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
  let estimateText: string;
  let unknownBecause: string | undefined;
  let spentToday = 0;
  try {
    const [estimate, ledger] = await Promise.all([
      client.call('render:estimate', request),
      caps.length > 0 ? client.call('credits:ledger', {}) : null,
    ]);
    credits = estimate.credits;
    estimateText = describeEstimate(estimate);
    if (credits === null) unknownBecause = estimateText;
    if (ledger) spentToday = spentOnDay(ledger.entries, dayKey(now));
  } catch (error) {
    unknownBecause = `The cost could not be checked: ${errorMessage(error)}`;
    estimateText = unknownBecause;
  }
  const verdict = checkBudget({ credits, spentToday, caps });
  if (verdict.kind === 'within') return { estimate: estimateText, concern: null };
  if (verdict.kind === 'over') {
    return {
      estimate: estimateText,
      concern: { title: 'Over your budget', reasons: verdict.reasons },
    };
  }
  return {
    estimate: estimateText,
    concern: {
      title: 'Cost unknown',
      reasons: unknownBecause ? [unknownBecause, verdict.reason] : [verdict.reason],
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
