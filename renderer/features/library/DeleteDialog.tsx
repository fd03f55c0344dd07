import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { ConfirmFooter } from '../../components/ConfirmFooter';
import { Dialog } from '../../components/Dialog';
import { excerpt } from '../../format';

export function DeleteDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const deleteWithUndo = useAppStore((state) => state.deleteWithUndo);
  const videoCount = view.videoUrls.filter((url) => url !== null).length;

  return (
    <Dialog title="Delete this render?" onClose={onClose} size="small">
      <p>“{excerpt(view.request.prompt, 120)}”</p>
      <p>
        Its folder
        {videoCount > 0 ? ` and ${videoCount} video${videoCount === 1 ? '' : 's'}` : ''} will be
        removed from your disk (not moved to the trash). You can undo for a few seconds; after that
        it cannot be undone.
      </p>
      <ConfirmFooter
        cancelLabel="Keep it"
        confirmLabel="Delete render"
        busyLabel="Deleting…"
        onCancel={onClose}
        action={() => {
          // Hidden now, deleted from disk after the Undo toast's few seconds (library-slice).
          deleteWithUndo(view.id);
          onClose();
        }}
      />
    </Dialog>
  );
}
