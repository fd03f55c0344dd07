import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { SetView } from '../sets/SetView';
import { ContinueDialog } from './ContinueDialog';
import { SequenceView, useSequence } from './SequenceView';

/**
 * The detail view's way into the creative loop: Continue from the last frame (a finished
 * video is needed), the sequence this render is part of, and the set it was queued in.
 */
export function CreativeActions({ view }: { view: RenderView }) {
  const { t } = useTranslation('sequence');
  const [open, setOpen] = useState<'continue' | 'sequence' | 'set' | null>(null);
  const { chain, error } = useSequence(view.id);
  const hasVideo = view.videoUrls.some(Boolean);
  const close = () => setOpen(null);
  return (
    <>
      {hasVideo && (
        <button type="button" onClick={() => setOpen('continue')}>
          {t('actions.continue')}
        </button>
      )}
      {chain.length > 1 && (
        <button type="button" onClick={() => setOpen('sequence')}>
          {t('actions.sequence', { count: chain.length })}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {t('sequence.lookupFailed', { error })}
        </p>
      )}
      {view.setId && (
        <button type="button" onClick={() => setOpen('set')}>
          {t('actions.openSet')}
        </button>
      )}
      {open === 'continue' && <ContinueDialog view={view} onClose={close} />}
      {open === 'sequence' && (
        <SequenceView id={view.id} chain={chain} error={error} onClose={close} />
      )}
      {open === 'set' && view.setId && <SetView setId={view.setId} onClose={close} />}
    </>
  );
}
