import { useId, useState } from 'react';
import { isTerminal, type RenderView } from '../../shared/job';
import { type MissingVideos, missingVideosStatus, rerunCostRequest } from '../../shared/rerun-cost';
import { useAppStore } from '../app-context';
import { errorMessage } from '../bridge';
import {
  CHARGE_TWICE_WARNING,
  cancelLabel,
  RETRY_ACTION_LABELS,
  retryAction,
  STOP_WAITING_DESCRIPTION,
} from '../job-labels';
import { RerunCostDialog } from './RerunCostDialog';

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

/**
 * Asked before a retry that may charge twice, with what the new start costs; only "Retry
 * anyway" sends the confirmation.
 */
export function ChargeTwiceDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const retryJob = useAppStore((state) => state.retryJob);
  const pushToast = useAppStore((state) => state.pushToast);
  return (
    <RerunCostDialog
      question="Retry and risk paying twice?"
      request={view.request}
      cancelLabel="Don’t retry"
      confirmLabel="Retry anyway"
      busyLabel="Retrying…"
      onClose={onClose}
      run={async () => {
        await retryJob(view.id, { confirmChargeTwice: true });
        pushToast('success', 'Started again: follow it in the Queue');
        onClose();
      }}
    >
      <p>{CHARGE_TWICE_WARNING}</p>
    </RerunCostDialog>
  );
}

/**
 * Retry, "Check again" (a run that exists: checked, no new charge, so no question) or "Retry
 * anyway…" (may charge twice: ChargeTwiceDialog). A Retry that starts a new run first shows
 * what it costs (RerunCostDialog). Nothing for a render that cannot be retried.
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
  const paid = action === 'retry' ? rerunCostRequest(view, 'retry') : null;
  const asks = action === 'retry-anyway' || paid !== null;
  const retry = () =>
    retryJob(view.id)
      .then(onQueued)
      .catch((error) => pushToast('error', `${label} failed: ${errorMessage(error)}`));
  const close = () => setConfirming(false);
  return (
    <>
      <button
        type="button"
        aria-haspopup={asks ? 'dialog' : undefined}
        aria-describedby={describedBy}
        onClick={() => (asks ? setConfirming(true) : void retry())}
      >
        {label}
      </button>
      {confirming && action === 'retry-anyway' && <ChargeTwiceDialog view={view} onClose={close} />}
      {confirming && paid && (
        <RerunCostDialog
          question="Retry this render?"
          request={paid}
          cancelLabel="Don’t retry"
          confirmLabel="Retry"
          busyLabel="Retrying…"
          onClose={close}
          run={async () => {
            await retryJob(view.id);
            close();
            onQueued?.();
          }}
        >
          <p>WeShop starts a new run of it, charged like a new render.</p>
        </RerunCostDialog>
      )}
    </>
  );
}

/**
 * Where a partial render's missing videos stand (shared rule missingVideosStatus), with the
 * render that renders them as the store knows it (one it does not know counts as none: the
 * engine reads it and decides again).
 */
function useMissingVideos(view: RenderView): MissingVideos {
  const followUp = useAppStore((state) =>
    view.missingRenderedBy ? (state.jobs[view.missingRenderedBy] ?? null) : null,
  );
  return missingVideosStatus(view, followUp);
}

/** What became of the missing videos once they were asked for (nothing while they are on offer). */
export function MissingVideosNote({ view }: { view: RenderView }) {
  const status = useMissingVideos(view);
  if (status.kind === 'none' || status.kind === 'offer') return null;
  const n = status.count;
  const videos = `${n === 1 ? 'The missing video' : `The ${n} missing videos`}`;
  const [is, was] = n === 1 ? ['is', 'was'] : ['are', 'were'];
  const text = {
    rendering: `${videos} ${is} being rendered as a new render: follow it in the Queue.`,
    rendered: `${videos} ${was} rendered as a new render: it is in the Library.`,
    settle: `${videos} ${was} started as a new render that did not finish and may have a paid run on WeShop: open it and check it again before paying for ${n === 1 ? 'it' : 'them'} twice.`,
  }[status.kind];
  return <p className="muted">{text}</p>;
}

/**
 * A partial render's action: a new render of just the videos WeShop did not deliver, after
 * the user saw what they cost (RerunCostDialog). Offered only while nobody asked for them (or
 * the render that did ended without a paid run); asking twice gets the same render back.
 */
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
  const [confirming, setConfirming] = useState(false);
  const status = useMissingVideos(view);
  const paid = status.kind === 'offer' ? rerunCostRequest(view, 'missing') : null;
  if (!paid) return null;
  const missing = paid.batchCount;
  const videos = `${missing} video${missing === 1 ? '' : 's'}`;
  return (
    <>
      <button
        type="button"
        className={emphasis ? 'primary' : undefined}
        aria-haspopup="dialog"
        onClick={() => setConfirming(true)}
        aria-describedby={describedBy}
      >
        Render the missing {missing}
      </button>
      {confirming && (
        <RerunCostDialog
          question={`Render the missing ${videos}?`}
          request={paid}
          cancelLabel="Not now"
          confirmLabel={`Render the missing ${missing}`}
          busyLabel="Queueing…"
          onClose={() => setConfirming(false)}
          run={async () => {
            const rendering = await renderMissing(view.id);
            // Asked already (another window, the CLI): the engine gave that render back.
            const joined = rendering.id === view.missingRenderedBy;
            pushToast(
              'success',
              !joined
                ? `Queued ${videos}: follow the new render in the Queue`
                : isTerminal(rendering.state)
                  ? `The missing ${videos} were rendered already: see the Library`
                  : `Asked for already: follow the render of the missing ${videos} in the Queue`,
            );
            setConfirming(false);
          }}
        >
          <p>A new render of just the {videos} WeShop did not deliver; the delivered ones stay.</p>
        </RerunCostDialog>
      )}
    </>
  );
}
