import { useTranslation } from 'react-i18next';
import { formatCredits } from '../../format';
import { estimateText } from '../../store/estimate-text';
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
    text = estimateText(estimate);
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
