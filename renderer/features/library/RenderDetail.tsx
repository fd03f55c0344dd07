import { useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { RenderMissingButton, RetryButton } from '../../components/JobActions';
import { DeleteDialog } from './DeleteDialog';
import { FavouriteButton } from './FavouriteButton';
import { RenderFacts } from './RenderFacts';
import { VideoPlayers } from './VideoPlayers';

export function RenderDetail({ view }: { view: RenderView }) {
  const openRender = useAppStore((state) => state.openRender);
  const reuseSettings = useAppStore((state) => state.reuseSettings);
  const showInFolder = useAppStore((state) => state.showInFolder);
  const toggleCompare = useAppStore((state) => state.toggleCompare);
  const comparing = useAppStore((state) => state.compareIds.includes(view.id));
  const pushToast = useAppStore((state) => state.pushToast);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const close = () => openRender(null);

  return (
    <Dialog title="Render details" onClose={close}>
      <div className="detail">
        <VideoPlayers view={view} />
        <div className="detail-side">
          <div className="button-row wrap">
            <FavouriteButton view={view} withText />
            <button
              type="button"
              className="primary"
              onClick={() => void reuseSettings(view.request)}
            >
              Use these settings
            </button>
            <button
              type="button"
              onClick={() =>
                showInFolder(view.id).catch((error) =>
                  pushToast('error', `Could not show the folder: ${errorMessage(error)}`),
                )
              }
            >
              Show in folder
            </button>
            <RetryButton
              view={view}
              onQueued={() => pushToast('success', 'Queued again: follow it in the Queue')}
            />
            <RenderMissingButton view={view} emphasis={false} />
            <button type="button" aria-pressed={comparing} onClick={() => toggleCompare(view.id)}>
              {comparing ? 'Selected for compare' : 'Select for compare'}
            </button>
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          </div>
          <RenderFacts view={view} />
        </div>
      </div>
      {confirmDelete && <DeleteDialog view={view} onClose={() => setConfirmDelete(false)} />}
    </Dialog>
  );
}

export function SelectedRenderDetail() {
  const view = useAppStore((state) =>
    state.selectedId ? state.jobs[state.selectedId] : undefined,
  );
  return view ? <RenderDetail key={view.id} view={view} /> : null;
}
