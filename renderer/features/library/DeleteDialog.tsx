import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { excerpt } from '../../format';

export function DeleteDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const deleteWithUndo = useAppStore((state) => state.deleteWithUndo);
  const videoCount = view.videoUrls.filter((url) => url !== null).length;

  return (
    <ConfirmDialog
      title="Delete this render?"
      onClose={onClose}
      cancelLabel="Keep it"
      confirmLabel="Delete render"
      busyLabel="Deleting…"
      action={() => {
        // Hidden now, deleted from disk after the Undo toast's few seconds (library-slice).
        deleteWithUndo(view.id);
        onClose();
      }}
    >
      <p>“{excerpt(view.request.prompt, 120)}”</p>
      <p>
        Its folder
        {videoCount > 0 ? ` and ${videoCount} video${videoCount === 1 ? '' : 's'}` : ''} will be
        removed from your disk (not moved to the trash). You can undo for a few seconds; after that
        it cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
