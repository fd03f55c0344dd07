import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app-context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import './estimate.css';
import { BudgetReasons } from '../../components/BudgetReasons';

/** A render over a Settings → Budget cap (or of unknown cost) waits here for the user's OK. */
export function BudgetDialog() {
  const { t } = useTranslation('newRender');
  const concern = useAppStore((state) => state.budgetConcern);
  const dismiss = useAppStore((state) => state.dismissBudgetConcern);
  const queueRender = useAppStore((state) => state.queueRender);
  if (!concern) return null;
  return (
    <ConfirmDialog
      title={t('budget.title', { title: concern.title })}
      onClose={dismiss}
      cancelLabel={t('budget.dontQueue')}
      confirmLabel={t('budget.queueAnyway')}
      busyLabel={t('budget.queueing')}
      action={async () => {
        dismiss();
        await queueRender({ overBudgetConfirmed: true });
      }}
    >
      <BudgetReasons reasons={concern.reasons} />
    </ConfirmDialog>
  );
}
