import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CreditEstimate } from '../../../shared/credits';
import { formatCredits } from '../../format';
import './estimate.css';
import type { EstimateState } from './use-estimate';

/**
 * The cost line beside Queue render: WeShop's estimate for the whole request, the balance
 * when known, a warning when it is more than the balance, and in words why there is no
 * figure. A polite live region, so a screen reader hears the new cost after a change.
 */
export function EstimateLine({ state }: { state: EstimateState }) {
  const { t } = useTranslation('newRender');
  if (state.status === 'idle') return null;
  let text: string;
  let tone = '';
  if (state.status === 'loading') {
    text = t('estimate.loading');
  } else if (state.status === 'failed') {
    text = t('estimate.failed', { message: state.message });
    tone = ' missing';
  } else {
    const { estimate } = state;
    text = describeEstimate(t, estimate);
    if (estimate.credits === null) tone = ' missing';
    else if (estimate.enough === false) tone = ' warn';
  }
  const cost =
    state.status === 'ready' && state.estimate.credits !== null
      ? formatCredits(state.estimate.credits)
      : undefined;
  return (
    <p className={`estimate${tone}`} role="status" data-credits={cost}>
      {text}
    </p>
  );
}

/** The estimate in the chosen language, credits through the one formatter. */
function describeEstimate(t: TFunction<'newRender'>, estimate: CreditEstimate): string {
  if (estimate.credits === null) {
    return t('estimate.none', { reason: estimate.unavailable ?? t('estimate.noneGiven') });
  }
  const credits = formatCredits(estimate.credits);
  const text =
    estimate.balance === undefined
      ? t('estimate.cost', { credits })
      : t('estimate.costBalance', { credits, balance: formatCredits(estimate.balance) });
  return estimate.enough === false ? t('estimate.overBalance', { text }) : text;
}
