import type { ImageUploadState } from './use-image-upload';
import './upload-status.css';

const FULL = {
  uploading: 'Uploading to WeShop…',
  uploaded: 'Uploaded to WeShop: Queue render sends only the start.',
  reused: 'Already on WeShop: Queue render sends only the start.',
  failed: (message: string) => `Upload failed: ${message} Queue render tries the upload again.`,
};
/** For the smaller pictures (end frame, references 2–4), where a line is narrow. */
const SHORT = {
  uploading: 'Uploading…',
  uploaded: 'On WeShop',
  reused: 'On WeShop',
  failed: (message: string) => `Upload failed: ${message}`,
};

/**
 * One line under a picked picture: uploading, uploaded (Queue render then sends only the
 * start), or why the upload failed (queueing still works: the job tries the upload again).
 */
export function UploadStatus({
  state,
  onRetry,
  short = false,
  retryLabel = 'Try the upload again',
}: {
  state: ImageUploadState;
  onRetry: () => void;
  short?: boolean;
  retryLabel?: string;
}) {
  if (state.status === 'idle') return null;
  const text = short ? SHORT : FULL;
  return (
    <div className={`upload-status ${state.status}`} data-upload-state={state.status}>
      <p role="status">
        {state.status === 'uploading' && text.uploading}
        {state.status === 'uploaded' && (state.reused ? text.reused : text.uploaded)}
        {state.status === 'failed' && text.failed(state.message)}
      </p>
      {state.status === 'failed' && (
        <button type="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
