import { useAppStore } from '../../app-context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import './estimate.css';
import { BudgetReasons } from '../../components/BudgetReasons';

/** A render over a Settings → Budget cap (or of unknown cost) waits here for the user's OK. */
export function BudgetDialog() {
  const concern = useAppStore((state) => state.budgetConcern);
  const dismiss = useAppStore((state) => state.dismissBudgetConcern);
  const queueRender = useAppStore((state) => state.queueRender);
  if (!concern) return null;
  return (
    <ConfirmDialog
      title={`${concern.title}: queue this render anyway?`}
      onClose={dismiss}
      cancelLabel="Don't queue"
      confirmLabel="Queue anyway"
      busyLabel="Queueing…"
      action={async () => {
        dismiss();
        await queueRender({ overBudgetConfirmed: true });
      }}
    >
      <BudgetReasons reasons={concern.reasons} />
    </ConfirmDialog>
  );
}
