import { useTranslation } from 'react-i18next';
import type { ImageUploadState } from './use-image-upload';
import './upload-status.css';

/**
 * One line under a picked picture: uploading, uploaded (Queue render then sends only the
 * start), or why the upload failed (queueing still works: the job tries the upload again).
 */
export function UploadStatus({
  state,
  onRetry,
  short = false,
  retryLabel,
}: {
  state: ImageUploadState;
  onRetry: () => void;
  short?: boolean;
  retryLabel?: string;
}) {
  const { t } = useTranslation('newRender');
  if (state.status === 'idle') return null;
  // The smaller pictures (end frame, references 2–4) have a narrow line: the short words.
  const text = short
    ? {
        uploading: t('upload.uploadingShort'),
        uploaded: t('upload.uploadedShort'),
        reused: t('upload.uploadedShort'),
        failed: (message: string) => t('upload.failedShort', { message }),
      }
    : {
        uploading: t('upload.uploading'),
        uploaded: t('upload.uploaded'),
        reused: t('upload.reused'),
        failed: (message: string) => t('upload.failed', { message }),
      };
  return (
    <div className={`upload-status ${state.status}`} data-upload-state={state.status}>
      <p role="status">
        {state.status === 'uploading' && text.uploading}
        {state.status === 'uploaded' && (state.reused ? text.reused : text.uploaded)}
        {state.status === 'failed' && text.failed(state.message)}
      </p>
      {state.status === 'failed' && (
        <button type="button" onClick={onRetry}>
          {retryLabel ?? t('upload.retry')}
        </button>
      )}
    </div>
  );
}
