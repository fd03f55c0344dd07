import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';

/**
 * One save at a time: while the dialog is open or files copy, the button stays focusable
 * (aria-disabled) and a second press does nothing. `save` answers the success toast's text,
 * or null when the user cancelled the dialog; a failure is toasted after `failure`.
 */
function SaveButton({
  label,
  failure,
  save,
}: {
  label: string;
  failure: string;
  save: () => Promise<string | null>;
}) {
  const { t } = useTranslation('detail');
  const pushToast = useAppStore((state) => state.pushToast);
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const done = await save();
      if (done) pushToast('success', done);
    } catch (error) {
      pushToast('error', t('failedBecause', { what: failure, reason: errorMessage(error) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" aria-disabled={busy} onClick={() => void onClick()}>
      {label}
    </button>
  );
}

/** Save video as…: the main process asks where (a save dialog) and copies the video there. */
export function SaveVideoButton({
  view,
  videoIndex,
  count,
}: {
  view: RenderView;
  videoIndex: number;
  count: number;
}) {
  const { t } = useTranslation('detail');
  const client = useClient();
  return (
    <SaveButton
      label={count > 1 ? t('saveVideoN', { n: videoIndex + 1 }) : t('saveVideo')}
      failure={t('saveVideoFailed')}
      save={async () => {
        const { path } = await client.call('render:save-video', { id: view.id, videoIndex });
        return path ? t('videoSaved', { path }) : null;
      }}
    />
  );
}

/** Export render…: the main process asks for a folder and writes videos + settings.json. */
export function ExportRenderButton({ view }: { view: RenderView }) {
  const { t } = useTranslation('detail');
  const client = useClient();
  if (!view.videoUrls.some((url) => url !== null)) return null;
  return (
    <SaveButton
      label={t('exportRender')}
      failure={t('exportFailed')}
      save={async () => {
        const { folder, files } = await client.call('render:export', { id: view.id });
        if (!folder) return null;
        return t('exported', { count: files.length, folder });
      }}
    />
  );
}
