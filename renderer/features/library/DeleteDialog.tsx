import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('deleting');
  const deleteWithUndo = useAppStore((state) => state.deleteWithUndo);
  if (!isTerminal(view.state)) return <CancelFirstDialog view={view} onClose={onClose} />;
  const paidRun = runMayStillBeCharging(view);
  const videoCount = view.videoUrls.filter((url) => url !== null).length;

  return (
    <ConfirmDialog
      title={paidRun ? t('titlePaid') : t('title')}
      onClose={onClose}
      cancelLabel={t('keep')}
      confirmLabel={paidRun ? t('confirmPaid') : t('confirm')}
      busyLabel={t('busy')}
      action={() => {
        // Out of the library now, to the OS trash after the Undo window (store/delete-undo.ts).
        deleteWithUndo(view.id, paidRun ? { confirmPaidRun: true } : {});
        onClose();
      }}
    >
      <p>{t('quoted', { name: excerpt(renderName(view), 120) })}</p>
      {paidRun && <PaidRunWarning view={view} />}
      <p>{videoCount > 0 ? t('body_videos', { count: videoCount }) : t('body')}</p>
    </ConfirmDialog>
  );
}

/** What deleting a render WeShop may still be making costs, and what keeps its videos instead. */
function PaidRunWarning({ view }: { view: RenderView }) {
  const { t } = useTranslation('deleting');
  const action = retryAction(view);
  // Retry / Check again of a run that exists checks it (no new charge); Retry anyway does not.
  const collect =
    view.executionId && action && action !== 'retry-anyway' ? retryActionLabel(action) : null;
  return (
    <>
      <p>
        <strong>{t('paidWarning')}</strong> {t('paidDetail')}
      </p>
      {collect && <p>{t('paidCollect', { action: collect })}</p>}
    </>
  );
}

/** An unfinished render: the way to delete it goes through Cancel (or Stop waiting). */
function CancelFirstDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const { t } = useTranslation('deleting');
  return (
    <Dialog title={t('cancelFirstTitle')} onClose={onClose} size="small">
      <p>{t('quoted', { name: excerpt(renderName(view), 120) })}</p>
      <p>{t('cancelFirstBody', { state: describeState(view).toLowerCase() })}</p>
      <div className="button-row end">
        <button type="button" onClick={onClose} data-autofocus>
          {t('ok')}
        </button>
      </div>
    </Dialog>
  );
}
