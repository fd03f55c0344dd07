import { useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { excerpt, formatBytes } from '../../format';

export function DeleteDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const deleteRender = useAppStore((state) => state.deleteRender);
  const pushToast = useAppStore((state) => state.pushToast);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const videoCount = view.videoUrls.filter((url) => url !== null).length;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const freed = await deleteRender(view.id);
      pushToast('success', `Render deleted. ${formatBytes(freed)} freed on disk.`);
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
        removed from your disk. This cannot be undone.
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
