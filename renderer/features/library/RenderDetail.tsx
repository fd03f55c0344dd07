import { useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { AttachRunButton } from '../../components/AttachRun';
import { Dialog } from '../../components/Dialog';
import { MissingVideosNote, RenderMissingButton, RetryButton } from '../../components/JobActions';
import { excerpt } from '../../format';
import { CreativeActions } from '../sequence/CreativeActions';
import { DeleteDialog } from './DeleteDialog';
import { FavouriteButton } from './FavouriteButton';
import { InputPictures } from './InputPictures';
import { renderName } from './input-pictures';
import { RenderFacts } from './RenderFacts';
import { ExportRenderButton } from './SaveButtons';
import { VideoPlayers } from './VideoPlayers';
import './detail.css';

/** Copies the full prompt; says so (or why not) in a toast. */
function CopyPromptButton({ prompt }: { prompt: string }) {
  const pushToast = useAppStore((state) => state.pushToast);
  const copy = () =>
    copyText(prompt).then(
      () => pushToast('success', 'Prompt copied'),
      (error) => pushToast('error', `Could not copy the prompt: ${errorMessage(error)}`),
    );
  return (
    <button type="button" onClick={() => void copy()}>
      Copy prompt
    </button>
  );
}

/**
 * The async Clipboard API where the page may use it; otherwise the older copy command on a
 * selected, off-screen text box (it needs no permission, only the click that asked for it).
 */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through: the permission may be denied (the app grants the page only full screen).
  }
  const box = document.createElement('textarea');
  box.value = text;
  box.setAttribute('readonly', '');
  box.className = 'visually-hidden';
  document.body.append(box);
  const active = document.activeElement as HTMLElement | null;
  box.select();
  const copied = document.execCommand('copy');
  box.remove();
  active?.focus();
  if (!copied) throw new Error('the system clipboard refused it');
}

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
    <Dialog title={`Render details: “${excerpt(renderName(view), 60)}”`} onClose={close}>
      <div className="detail">
        <div className="detail-media">
          <VideoPlayers view={view} />
          <InputPictures view={view} />
        </div>
        <div className="detail-side">
          <div className="button-row wrap">
            <FavouriteButton view={view} withText />
            <CopyPromptButton prompt={view.request.prompt} />
            <button
              type="button"
              className="primary"
              onClick={() => void reuseSettings(view.request)}
            >
              {/* A failed render: the same action, named for what the user wants from it. */}
              {view.state === 'failed' ? 'Edit & retry' : 'Use these settings'}
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
            <ExportRenderButton view={view} />
            <CreativeActions view={view} />
            <AttachRunButton view={view} />
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
          <MissingVideosNote view={view} />
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
