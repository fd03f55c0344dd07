import { useId, useState } from 'react';
import { missingVideoCount, type RenderView } from '../../shared/job';
import { useAppStore } from '../app-context';
import { errorMessage } from '../bridge';
import {
  CHARGE_TWICE_WARNING,
  cancelLabel,
  RETRY_ACTION_LABELS,
  retryAction,
  STOP_WAITING_DESCRIPTION,
} from '../job-labels';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * The actions on one render that can cost (or save) credits, shared by the Queue and the
 * render detail so both say the same truthful thing.
 */

/** "Cancel" before a start can have reached WeShop; "Stop waiting" (credits spent) after. */
/** `describedBy`: the id of what names the render (the Queue's prompt), read after the label. */
export function CancelButton({ view, describedBy }: { view: RenderView; describedBy?: string }) {
  const cancelJob = useAppStore((state) => state.cancelJob);
  const pushToast = useAppStore((state) => state.pushToast);
  const descriptionId = useId();
  const label = cancelLabel(view);
  const stopWaiting = label === 'Stop waiting';
  return (
    <>
      <button
        type="button"
        aria-describedby={
          [describedBy, stopWaiting ? descriptionId : null].filter(Boolean).join(' ') || undefined
        }
        title={stopWaiting ? STOP_WAITING_DESCRIPTION : undefined}
        onClick={() =>
          cancelJob(view.id).catch((error) =>
            pushToast('error', `${label} failed: ${errorMessage(error)}`),
          )
        }
      >
        {label}
      </button>
      {stopWaiting && (
        <span id={descriptionId} className="visually-hidden">
          {STOP_WAITING_DESCRIPTION}
        </span>
      )}
    </>
  );
}

/** Asked before a retry that may charge twice; only "Retry anyway" sends the confirmation. */
export function ChargeTwiceDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const retryJob = useAppStore((state) => state.retryJob);
  const pushToast = useAppStore((state) => state.pushToast);
  return (
    <ConfirmDialog
      title="Retry and risk paying twice?"
      onClose={onClose}
      cancelLabel="Don’t retry"
      confirmLabel="Retry anyway"
      busyLabel="Retrying…"
      action={async () => {
        await retryJob(view.id, { confirmChargeTwice: true });
        pushToast('success', 'Started again: follow it in the Queue');
        onClose();
      }}
    >
      <p>{CHARGE_TWICE_WARNING}</p>
    </ConfirmDialog>
  );
}

/**
 * Retry, "Check again" (a canceled run that exists: no new charge) or "Retry anyway…" (may
 * charge twice: opens ChargeTwiceDialog first). Nothing for a render that cannot be retried.
 */
export function RetryButton({
  view,
  onQueued,
  describedBy,
}: {
  view: RenderView;
  onQueued?: () => void;
  describedBy?: string;
}) {
  const retryJob = useAppStore((state) => state.retryJob);
  const pushToast = useAppStore((state) => state.pushToast);
  const [confirming, setConfirming] = useState(false);
  const action = retryAction(view);
  if (!action) return null;
  const label = RETRY_ACTION_LABELS[action];
  const retry = () =>
    retryJob(view.id)
      .then(onQueued)
      .catch((error) => pushToast('error', `${label} failed: ${errorMessage(error)}`));
  return (
    <>
      <button
        type="button"
        aria-haspopup={action === 'retry-anyway' ? 'dialog' : undefined}
        aria-describedby={describedBy}
        onClick={() => (action === 'retry-anyway' ? setConfirming(true) : void retry())}
      >
        {label}
      </button>
      {confirming && <ChargeTwiceDialog view={view} onClose={() => setConfirming(false)} />}
    </>
  );
}

/** A partial render's action: a new render of just the videos WeShop did not deliver. */
export function RenderMissingButton({
  view,
  emphasis = true,
  describedBy,
}: {
  view: RenderView;
  describedBy?: string;
  /** The main action where it stands alone (Queue); plain beside other primary actions. */
  emphasis?: boolean;
}) {
  const renderMissing = useAppStore((state) => state.renderMissing);
  const pushToast = useAppStore((state) => state.pushToast);
  const [busy, setBusy] = useState(false);
  const missing = missingVideoCount(view);
  if (view.state !== 'partial' || missing === 0) return null;
  const go = async () => {
    setBusy(true);
    try {
      await renderMissing(view.id);
      pushToast(
        'success',
        `Queued ${missing} video${missing === 1 ? '' : 's'}: follow the new render in the Queue`,
      );
    } catch (error) {
      pushToast('error', `Render the missing ${missing} failed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={emphasis ? 'primary' : undefined}
      onClick={() => {
        if (!busy) void go();
      }}
      aria-disabled={busy}
      aria-describedby={describedBy}
    >
      Render the missing {missing}
    </button>
  );
}
