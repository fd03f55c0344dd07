import type { ImageUploadState } from './use-image-upload';
import './upload-status.css';

/**
 * One line under the picked image: uploading, uploaded (Queue render then sends only the
 * start), or why the upload failed (queueing still works: the job tries the upload again).
 */
export function UploadStatus({ state, onRetry }: { state: ImageUploadState; onRetry: () => void }) {
  if (state.status === 'idle') return null;
  return (
    <div className={`upload-status ${state.status}`} data-upload-state={state.status}>
      <p role="status">
        {state.status === 'uploading' && 'Uploading to WeShop…'}
        {state.status === 'uploaded' &&
          (state.reused
            ? 'Already on WeShop: Queue render sends only the start.'
            : 'Uploaded to WeShop: Queue render sends only the start.')}
        {state.status === 'failed' &&
          `Upload failed: ${state.message} Queue render tries the upload again.`}
      </p>
      {state.status === 'failed' && (
        <button type="button" onClick={onRetry}>
          Try the upload again
        </button>
      )}
    </div>
  );
}
