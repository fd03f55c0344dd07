import { useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';

/**
 * Runs one save at a time: while the dialog is open or files copy, the button stays focusable
 * (aria-disabled) and a second press does nothing.
 */
function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    void work().finally(() => setBusy(false));
  };
  return { busy, run };
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
  const pushToast = useAppStore((state) => state.pushToast);
  const { busy, run } = useBusy();
  const label = count > 1 ? `Save video ${videoIndex + 1} as…` : 'Save video as…';
  return (
    <button
      type="button"
      aria-disabled={busy}
      onClick={() =>
        run(async () => {
          try {
            const { path } = await client.call('render:save-video', { id: view.id, videoIndex });
            if (path) pushToast('success', `Video saved: ${path}`);
          } catch (error) {
            pushToast('error', `Could not save the video: ${errorMessage(error)}`);
          }
        })
      }
    >
      {label}
    </button>
  );
}

/** Export render…: the main process asks for a folder and writes videos + settings.json. */
export function ExportRenderButton({ view }: { view: RenderView }) {
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
  const { busy, run } = useBusy();
  if (!view.videoUrls.some((url) => url !== null)) return null;
  return (
    <button
      type="button"
      aria-disabled={busy}
      onClick={() =>
        run(async () => {
          try {
            const { folder, files } = await client.call('render:export', { id: view.id });
            if (folder) {
              pushToast(
                'success',
                `Exported ${files.length} file${files.length === 1 ? '' : 's'} to ${folder}`,
              );
            }
          } catch (error) {
            pushToast('error', `Could not export the render: ${errorMessage(error)}`);
          }
        })
      }
    >
      Export render…
    </button>
  );
}
