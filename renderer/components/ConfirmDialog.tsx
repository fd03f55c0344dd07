import type { ReactNode } from 'react';
import { ConfirmFooter } from './ConfirmFooter';
import { Dialog } from './Dialog';

/**
 * A small "are you sure?" dialog: what is at stake (children), then the safe choice (focused,
 * closes) and the risky one (`action`; a throw is shown and the dialog stays open).
 */
export function ConfirmDialog({
  title,
  onClose,
  children,
  cancelLabel,
  confirmLabel,
  busyLabel,
  action,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  busyLabel: string;
  action: () => Promise<void> | void;
}) {
  return (
    <Dialog title={title} onClose={onClose} size="small">
      {children}
      <ConfirmFooter
        cancelLabel={cancelLabel}
        confirmLabel={confirmLabel}
        busyLabel={busyLabel}
        onCancel={onClose}
        action={action}
      />
    </Dialog>
  );
}
