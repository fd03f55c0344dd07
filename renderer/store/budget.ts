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

/**
 * Checks a request against Settings → Budget. null: no cap is set, or every cap holds. A
 * concern when a cap would be exceeded, or when a cap is set but the cost cannot be known
 * (the app asks; it never blocks or lets it through silently).
 */
export async function budgetConcernFor(
  client: BridgeClient,
  request: RenderRequest,
  settings: Pick<Settings, 'maxCreditsPerRender' | 'maxCreditsPerDay'> | null,
  now: Date = new Date(),
): Promise<BudgetConcern | null> {
  const caps = capsFromSettings(settings ?? {});
  if (caps.length === 0) return null;
  let credits: number | null = null;
  let unknownBecause: string | undefined;
  let spentToday = 0;
  try {
    const [estimate, ledger] = await Promise.all([
      client.call('render:estimate', request),
      client.call('credits:ledger', {}),
    ]);
    credits = estimate.credits;
    if (credits === null) unknownBecause = describeEstimate(estimate);
    spentToday = spentOnDay(ledger.entries, dayKey(now));
  } catch (error) {
    unknownBecause = `The cost could not be checked: ${errorMessage(error)}`;
  }
  const verdict = checkBudget({ credits, spentToday, caps });
  if (verdict.kind === 'within') return null;
  if (verdict.kind === 'over') return { title: 'Over your budget', reasons: verdict.reasons };
  return {
    title: 'Cost unknown',
    reasons: unknownBecause ? [unknownBecause, verdict.reason] : [verdict.reason],
  };
}
