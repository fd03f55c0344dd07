import { isTerminal, type RenderView, runMayStillBeCharging } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { excerpt } from '../../format';
import { describeState, retryAction, retryActionLabel } from '../../job-labels';
import { renderName } from './input-pictures';

/**
 * Delete, asked first. An unfinished render is not deleted at all (the core refuses it too:
 * cancel it first); one WeShop may still be charging for (shared runMayStillBeCharging, the
 * core's rule) says so plainly, and only its "Delete anyway" sends the confirmation.
 */
export function DeleteDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const deleteWithUndo = useAppStore((state) => state.deleteWithUndo);
  if (!isTerminal(view.state)) return <CancelFirstDialog view={view} onClose={onClose} />;
  const paidRun = runMayStillBeCharging(view);
  const videoCount = view.videoUrls.filter((url) => url !== null).length;

  return (
    <ConfirmDialog
      title={paidRun ? 'Delete a render WeShop may still be charging for?' : 'Delete this render?'}
      onClose={onClose}
      cancelLabel="Keep it"
      confirmLabel={paidRun ? 'Delete anyway' : 'Delete render'}
      busyLabel="Deleting…"
      action={() => {
        // Hidden now, deleted from disk after the Undo toast's few seconds (library-slice).
        deleteWithUndo(view.id, paidRun ? { confirmPaidRun: true } : {});
        onClose();
      }}
    >
      <p>“{excerpt(renderName(view), 120)}”</p>
      {paidRun && <PaidRunWarning view={view} />}
      <p>
        Its folder
        {videoCount > 0 ? ` and ${videoCount} video${videoCount === 1 ? '' : 's'}` : ''} will be
        removed from your disk (not moved to the trash). You can undo for a few seconds; after that
        it cannot be undone.
      </p>
    </ConfirmDialog>
  );
}

/** What deleting a render WeShop may still be making costs, and what keeps its videos instead. */
function PaidRunWarning({ view }: { view: RenderView }) {
  const action = retryAction(view);
  // Retry / Check again of a run that exists checks it (no new charge); Retry anyway does not.
  const collect =
    view.executionId && action && action !== 'retry-anyway' ? retryActionLabel(action) : null;
  return (
    <>
      <p>
        <strong>WeShop may still be making this video, and charging you for it.</strong> The credits
        are spent whether you keep the render or not. If you delete it now, its videos will not be
        collected.
      </p>
      {collect && (
        <p>
          To get them instead, keep it and use {collect}: it checks the run WeShop already has, at
          no new charge.
        </p>
      )}
    </>
  );
}

/** An unfinished render: the way to delete it goes through Cancel (or Stop waiting). */
function CancelFirstDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  return (
    <Dialog title="Cancel this render before deleting it" onClose={onClose} size="small">
      <p>“{excerpt(renderName(view), 120)}”</p>
      <p>
        It is still in progress ({describeState(view).toLowerCase()}). Cancel it in the Queue (Stop
        waiting, once WeShop may have started it), or wait for it to finish; then delete it.
      </p>
      <div className="button-row end">
        <button type="button" onClick={onClose} data-autofocus>
          OK
        </button>
      </div>
    </Dialog>
  );
}
