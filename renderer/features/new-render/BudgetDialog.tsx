import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app-context';
import { BudgetConfirmDialog } from '../../components/BudgetConfirm';
import './estimate.css';

/** A render over a Settings → Budget cap (or of unknown cost) waits here for the user's OK. */
export function BudgetDialog() {
  const { t } = useTranslation('newRender');
  const concern = useAppStore((state) => state.budgetConcern);
  const dismiss = useAppStore((state) => state.dismissBudgetConcern);
  const queueRender = useAppStore((state) => state.queueRender);
  if (!concern) return null;
  return (
    <BudgetConfirmDialog
      concern={concern}
      labels={{
        title: (title) => t('budget.title', { title }),
        cancel: t('budget.dontQueue'),
        confirm: t('budget.queueAnyway'),
        busy: t('budget.queueing'),
      }}
      onClose={dismiss}
      proceed={async () => {
        // Closed first: New render's own Queue button shows the queueing from here.
        dismiss();
        await queueRender({ overBudgetConfirmed: true });
      }}
    />
  );
}
