import { useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { excerpt } from '../../format';

export function DeleteDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const deleteWithUndo = useAppStore((state) => state.deleteWithUndo);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const videoCount = view.videoUrls.filter((url) => url !== null).length;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      // Hidden now, deleted from disk after the Undo toast's few seconds (library-slice).
      deleteWithUndo(view.id);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Delete this render?" onClose={onClose} size="small">
      <p>“{excerpt(view.request.prompt, 120)}”</p>
      <p>
        Its folder
        {videoCount > 0 ? ` and ${videoCount} video${videoCount === 1 ? '' : 's'}` : ''} will be
        removed from your disk (not moved to the trash). You can undo for a few seconds; after that
        it cannot be undone.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row end">
        <button type="button" onClick={onClose} data-autofocus>
          Keep it
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (!busy) void confirm();
          }}
          aria-disabled={busy}
        >
          {busy ? 'Deleting…' : 'Delete render'}
        </button>
      </div>
    </Dialog>
  );
}
