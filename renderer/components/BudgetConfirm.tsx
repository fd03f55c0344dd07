import { type ReactNode, useState } from 'react';
import type { BudgetConcern } from '../store/budget';
import { BudgetReasons } from './BudgetReasons';
import { ConfirmDialog } from './ConfirmDialog';

/** The words of one screen's budget question ("Queue anyway", "Continue anyway" …). */
export interface BudgetConfirmLabels {
  /** The dialog's title from the concern's ("Over your budget", "Cost unknown"). */
  title: (concernTitle: string) => string;
  cancel: string;
  confirm: string;
  busy: string;
}

/**
 * "Pay past a cap?": the concern's reasons and where the caps are set, the safe choice first.
 * `proceed` runs on the OK, with the busy label shown; a throw is shown and the dialog stays.
 */
export function BudgetConfirmDialog(props: {
  concern: BudgetConcern;
  labels: BudgetConfirmLabels;
  onClose: () => void;
  proceed: () => Promise<void>;
}) {
  const { concern, labels, onClose, proceed } = props;
  return (
    <ConfirmDialog
      title={labels.title(concern.title)}
      onClose={onClose}
      cancelLabel={labels.cancel}
      confirmLabel={labels.confirm}
      busyLabel={labels.busy}
      action={async () => {
        await proceed();
        onClose();
      }}
    >
      <BudgetReasons reasons={concern.reasons} />
    </ConfirmDialog>
  );
}

interface Asked {
  concern: BudgetConcern;
  proceed: () => Promise<void>;
}

/**
 * The budget gate of an action that pays WeShop (Variations, Continue, Storyboard): `gate`
 * runs the action at once when nothing is of concern, else asks first (`dialog`, to render)
 * and runs it only on the user's explicit OK. Never decided silently either way.
 */
export function useBudgetConfirm(labels: BudgetConfirmLabels): {
  gate: (concern: BudgetConcern | null, proceed: () => Promise<void>) => Promise<void>;
  dialog: ReactNode;
} {
  const [asked, setAsked] = useState<Asked | null>(null);
  const gate = async (concern: BudgetConcern | null, proceed: () => Promise<void>) => {
    if (concern) setAsked({ concern, proceed });
    else await proceed();
  };
  const dialog = asked && (
    <BudgetConfirmDialog
      concern={asked.concern}
      labels={labels}
      onClose={() => setAsked(null)}
      proceed={asked.proceed}
    />
  );
  return { gate, dialog };
}
