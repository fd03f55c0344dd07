import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { AttachRunButton } from '../../components/AttachRun';
import { MissingVideosNote, RenderMissingButton, RetryButton } from '../../components/JobActions';
import { CreativeActions } from '../sequence/CreativeActions';
import { CopyPromptButton } from './CopyPromptButton';
import { FavouriteButton } from './FavouriteButton';
import { ExportRenderButton } from './SaveButtons';

/** A labelled row of related buttons; a screen reader announces the group's name on entry. */
function ActionGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form fieldset
    <div className="action-group button-row wrap" role="group" aria-label={label}>
      {children}
    </div>
  );
}

/**
 * What a render needs before anything else (Retry, Render the missing ones, Attach a run):
 * only the ones its state allows, above the other actions.
 */
function FixActions({ view }: { view: RenderView }) {
  const { t } = useTranslation('detail');
  const pushToast = useAppStore((state) => state.pushToast);
  return (
    <ActionGroup label={t('groups.fix')}>
      <AttachRunButton view={view} />
      <RetryButton view={view} onQueued={() => pushToast('success', t('queuedAgain'))} />
      <RenderMissingButton view={view} emphasis={false} />
    </ActionGroup>
  );
}

/**
 * The detail view's actions in groups, in the order a person reaches for them: use the
 * settings (or copy the prompt), continue from the video, compare, export, delete. Each is a
 * Tab stop in that order; Delete is last and apart.
 */
export function DetailActions({ view, onDelete }: { view: RenderView; onDelete: () => void }) {
  const { t } = useTranslation('detail');
  const reuseSettings = useAppStore((state) => state.reuseSettings);
  const showInFolder = useAppStore((state) => state.showInFolder);
  const toggleCompare = useAppStore((state) => state.toggleCompare);
  const comparing = useAppStore((state) => state.compareIds.includes(view.id));
  const pushToast = useAppStore((state) => state.pushToast);
  return (
    <div className="detail-actions">
      <FixActions view={view} />
      <MissingVideosNote view={view} />
      <ActionGroup label={t('groups.settings')}>
        <button type="button" className="primary" onClick={() => void reuseSettings(view.request)}>
          {/* A failed render: the same action, named for what the user wants from it. */}
          {view.state === 'failed' ? t('editRetry') : t('useSettings')}
        </button>
        <CopyPromptButton prompt={view.request.prompt} />
      </ActionGroup>
      <ActionGroup label={t('groups.continue')}>
        <CreativeActions view={view} />
      </ActionGroup>
      <ActionGroup label={t('groups.compare')}>
        <FavouriteButton view={view} withText />
        <button type="button" aria-pressed={comparing} onClick={() => toggleCompare(view.id)}>
          {comparing ? t('compareSelected') : t('compareSelect')}
        </button>
      </ActionGroup>
      <ActionGroup label={t('groups.export')}>
        <ExportRenderButton view={view} />
        <button
          type="button"
          onClick={() =>
            showInFolder(view.id).catch((error) =>
              pushToast('error', t('showFolderFailed', { reason: errorMessage(error) })),
            )
          }
        >
          {t('showInFolder')}
        </button>
      </ActionGroup>
      <ActionGroup label={t('groups.delete')}>
        <button type="button" className="danger" onClick={onDelete}>
          {t('delete')}
        </button>
      </ActionGroup>
    </div>
  );
}
