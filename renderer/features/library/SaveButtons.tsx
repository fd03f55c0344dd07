import { useState } from 'react';
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
  const pushToast = useAppStore((state) => state.pushToast);
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const done = await save();
      if (done) pushToast('success', done);
    } catch (error) {
      pushToast('error', `${failure}: ${errorMessage(error)}`);
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
  const client = useClient();
  return (
    <SaveButton
      label={count > 1 ? `Save video ${videoIndex + 1} as…` : 'Save video as…'}
      failure="Could not save the video"
      save={async () => {
        const { path } = await client.call('render:save-video', { id: view.id, videoIndex });
        return path ? `Video saved: ${path}` : null;
      }}
    />
  );
}

/** Export render…: the main process asks for a folder and writes videos + settings.json. */
export function ExportRenderButton({ view }: { view: RenderView }) {
  const client = useClient();
  if (!view.videoUrls.some((url) => url !== null)) return null;
  return (
    <SaveButton
      label="Export render…"
      failure="Could not export the render"
      save={async () => {
        const { folder, files } = await client.call('render:export', { id: view.id });
        if (!folder) return null;
        return `Exported ${files.length} file${files.length === 1 ? '' : 's'} to ${folder}`;
      }}
    />
  );
}
