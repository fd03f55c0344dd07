import { useState } from 'react';
import { errorMessage } from '../bridge';

/**
 * The end of a confirmation dialog: what went wrong (if anything), the safe choice (focused,
 * so Enter or Escape never does the risky thing by accident) and the risky one, which stays
 * focusable while it runs (aria-disabled) and runs once.
 */
export function ConfirmFooter(props: {
  cancelLabel: string;
  confirmLabel: string;
  busyLabel: string;
  onCancel: () => void;
  /** Runs on confirm; a throw is shown above the buttons and the dialog stays open. */
  action: () => Promise<void> | void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.action();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row end">
        <button type="button" onClick={props.onCancel} data-autofocus>
          {props.cancelLabel}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (!busy) void confirm();
          }}
          aria-disabled={busy}
        >
          {busy ? props.busyLabel : props.confirmLabel}
        </button>
      </div>
    </>
  );
}
