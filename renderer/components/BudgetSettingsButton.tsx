import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-context';

/** Where the budget caps live, one press away: the question closes and Settings → Budget opens. */
export function BudgetSettingsButton() {
  const { t } = useTranslation('budgetLink');
  const setScreen = useAppStore((state) => state.setScreen);
  const openRender = useAppStore((state) => state.openRender);
  const dismissBudgetConcern = useAppStore((state) => state.dismissBudgetConcern);
  const openSet = useAppStore((state) => state.openSet);
  const open = () => {
    // Every dialog a budget question can sit in closes with its screen or its render.
    dismissBudgetConcern();
    openSet(null);
    openRender(null);
    setScreen('settings');
    requestAnimationFrame(() => focusBudgetSection());
  };
  return (
    <button type="button" className="link" onClick={open}>
      {t('open')}
    </button>
  );
}

/** The Budget section's first cap, scrolled into view (Settings has no anchor of its own). */
function focusBudgetSection(): void {
  const heading = document.getElementById('budget-title');
  const section = heading?.closest('section') ?? heading?.parentElement;
  const first = section?.querySelector<HTMLElement>('input, select, button');
  if (!heading || !first) {
    console.warn('Settings → Budget was not found to focus; the Settings screen is open');
    return;
  }
  heading.scrollIntoView({ block: 'start' });
  first.focus({ preventScroll: true });
}
