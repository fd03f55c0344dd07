import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { Dialog } from '../../components/Dialog';
import { excerpt } from '../../format';
import { DeleteDialog } from './DeleteDialog';
import { DetailActions } from './DetailActions';
import { InputPictures } from './InputPictures';
import { renderName } from './input-pictures';
import { RenderFacts } from './RenderFacts';
import { VideoStage } from './VideoStage';
import './detail.css';

/**
 * One render, built around its video: the large player with the batch switcher and its tools
 * on the left; the actions, what it was made from and its settings beside it. The player
 * takes focus on opening (Space plays, `,` `.` step frames); Escape closes.
 */
export function RenderDetail({ view }: { view: RenderView }) {
  const { t } = useTranslation('detail');
  const openRender = useAppStore((state) => state.openRender);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const close = () => openRender(null);

  return (
    <Dialog title={t('title', { name: excerpt(renderName(view), 60) })} onClose={close}>
      <div className="detail">
        <div className="detail-media">
          <VideoStage view={view} />
        </div>
        <div className="detail-side">
          <DetailActions view={view} onDelete={() => setConfirmDelete(true)} />
          <InputPictures view={view} />
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
