import type { CreditEstimate } from '../../shared/credits';
import { i18n } from '../i18n';
import { formatCredits } from '../i18n/format';

/**
 * WeShop's estimate in the chosen language, credits through the one formatter: New render's
 * cost line, Continue's and Retry's (shared/credits describeEstimate is the CLI's English).
 */
export function estimateText(estimate: CreditEstimate): string {
  const t = i18n.t;
  if (estimate.credits === null) {
    return t('newRender:estimate.none', {
      reason: estimate.unavailable ?? t('newRender:estimate.noneGiven'),
    });
  }
  const credits = formatCredits(estimate.credits);
  const text =
    estimate.balance === undefined
      ? t('newRender:estimate.cost', { credits })
      : t('newRender:estimate.costBalance', { credits, balance: formatCredits(estimate.balance) });
  return estimate.enough === false ? t('newRender:estimate.overBalance', { text }) : text;
}
