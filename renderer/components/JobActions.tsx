import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isTerminal, type RenderView } from '../../shared/job';
import { type MissingVideos, missingVideosStatus, rerunCostRequest } from '../../shared/rerun-cost';
import { useAppStore } from '../app-context';
import { errorMessage } from '../bridge';
import {
  cancelAction,
  cancelLabel,
  chargeTwiceWarning,
  retryAction,
  retryActionLabel,
  stopWaitingDescription,
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
  const { t } = useTranslation('components');
  const descriptionId = useId();
  const label = cancelLabel(view);
  const stopWaiting = cancelAction(view) === 'stop-waiting';
  return (
    <>
      <button
        type="button"
        aria-describedby={
          [describedBy, stopWaiting ? descriptionId : null].filter(Boolean).join(' ') || undefined
        }
        title={stopWaiting ? stopWaitingDescription() : undefined}
        onClick={() =>
          cancelJob(view.id).catch((error) =>
            pushToast(
              'error',
              t('jobs.failedAction', { action: label, reason: errorMessage(error) }),
            ),
          )
        }
      >
        {label}
      </button>
      {stopWaiting && (
        <span id={descriptionId} className="visually-hidden">
          {stopWaitingDescription()}
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
  const { t } = useTranslation('components');
  return (
    <RerunCostDialog
      question={t('jobs.chargeTwiceQuestion')}
      request={view.request}
      cancelLabel={t('jobs.dontRetry')}
      confirmLabel={t('jobs.retryAnyway')}
      busyLabel={t('jobs.retrying')}
      onClose={onClose}
      run={async () => {
        await retryJob(view.id, { confirmChargeTwice: true });
        pushToast('success', t('jobs.startedAgain'));
        onClose();
      }}
    >
      <p>{chargeTwiceWarning()}</p>
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
  const { t } = useTranslation('components');
  const [confirming, setConfirming] = useState(false);
  const action = retryAction(view);
  if (!action) return null;
  const label = retryActionLabel(action);
  const paid = action === 'retry' ? rerunCostRequest(view, 'retry') : null;
  const asks = action === 'retry-anyway' || paid !== null;
  const retry = () =>
    retryJob(view.id)
      .then(onQueued)
      .catch((error) =>
        pushToast('error', t('jobs.failedAction', { action: label, reason: errorMessage(error) })),
      );
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
          question={t('jobs.retryQuestion')}
          request={paid}
          cancelLabel={t('jobs.dontRetry')}
          confirmLabel={t('jobs.retry')}
          busyLabel={t('jobs.retrying')}
          onClose={close}
          run={async () => {
            await retryJob(view.id);
            close();
            onQueued?.();
          }}
        >
          <p>{t('jobs.newRunCharged')}</p>
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
  const { t } = useTranslation('components');
  if (status.kind === 'none' || status.kind === 'offer') return null;
  const count = status.count;
  const text = {
    rendering: t('jobs.missingRendering', { count }),
    rendered: t('jobs.missingRendered', { count }),
    settle: t('jobs.missingSettle', { count }),
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
  const { t } = useTranslation('components');
  const status = useMissingVideos(view);
  const paid = status.kind === 'offer' ? rerunCostRequest(view, 'missing') : null;
  if (!paid) return null;
  const count = paid.batchCount;
  return (
    <>
      <button
        type="button"
        className={emphasis ? 'primary' : undefined}
        aria-haspopup="dialog"
        onClick={() => setConfirming(true)}
        aria-describedby={describedBy}
      >
        {t('jobs.renderMissing', { count })}
      </button>
      {confirming && (
        <RerunCostDialog
          question={t('jobs.renderMissingQuestion', { count })}
          request={paid}
          cancelLabel={t('jobs.notNow')}
          confirmLabel={t('jobs.renderMissing', { count })}
          busyLabel={t('jobs.queueing')}
          onClose={() => setConfirming(false)}
          run={async () => {
            const rendering = await renderMissing(view.id);
            // Asked already (another window, the CLI): the engine gave that render back.
            const joined = rendering.id === view.missingRenderedBy;
            pushToast(
              'success',
              !joined
                ? t('jobs.missingQueued', { count })
                : isTerminal(rendering.state)
                  ? t('jobs.missingDone', { count })
                  : t('jobs.missingAsked', { count }),
            );
            setConfirming(false);
          }}
        >
          <p>{t('jobs.missingExplained', { count })}</p>
        </RerunCostDialog>
      )}
    </>
  );
}
