import { IMAGE_LIMITS } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { fileName, formatBytes, shortcutLabel } from '../../format';
import { UploadStatus } from './UploadStatus';
import type { ImageUpload } from './use-image-upload';

const LIMITS_HINT = `PNG, JPG or WebP · up to ${IMAGE_LIMITS.maxBytes / 1024 / 1024} MB · at least ${IMAGE_LIMITS.minSidePx} px a side`;

export function ImagePicker({
  message,
  upload,
}: {
  message: string | undefined;
  /** The picked image's upload (New render owns it: the estimate waits on it too). */
  upload: ImageUpload;
}) {
  const image = useAppStore((state) => state.image);
  const path = useAppStore((state) => state.draft.image);
  const busy = useAppStore((state) => state.imageBusy);
  const imageError = useAppStore((state) => state.imageError);
  const pickImage = useAppStore((state) => state.pickImage);
  const shownError = imageError ?? message;

  return (
    <section className="image-picker" aria-labelledby="image-heading">
      <h2 id="image-heading" className="field-label">
        Image
      </h2>
      {/* The whole box opens the picker (click, Enter or Space), not only the button below. */}
      <button
        type="button"
        className={`drop-zone${image ? ' has-image' : ''}${shownError ? ' is-invalid' : ''}`}
        aria-busy={busy}
        aria-disabled={busy || undefined}
        aria-label={
          image
            ? `Preview of ${fileName(image.path)}: pick another image`
            : 'Drop an image here, or pick one'
        }
        aria-describedby={shownError ? 'image-error' : undefined}
        onClick={() => {
          if (!busy) void pickImage();
        }}
      >
        {image ? (
          <img src={image.previewUrl} alt={`Preview of ${fileName(image.path)}`} />
        ) : (
          <span className="drop-hint">
            <span className="drop-icon" aria-hidden="true">
              ⤓
            </span>
            <span>{busy ? 'Reading image…' : path ? fileName(path) : 'Drop an image here'}</span>
            <span className="muted">{LIMITS_HINT}</span>
            <span className="muted">or click to choose one</span>
          </span>
        )}
      </button>
      {image && (
        <p className="image-meta">
          <span title={image.path}>{fileName(image.path)}</span>
          <span>
            {image.width} × {image.height} px
          </span>
          <span>{formatBytes(image.bytes)}</span>
          <span>{image.format.toUpperCase()}</span>
        </p>
      )}
      <UploadStatus state={upload.state} onRetry={upload.retry} />
      <button
        type="button"
        onClick={() => {
          if (!busy) void pickImage();
        }}
        // Not disabled while the picker is open: the button keeps focus for when it closes.
        aria-disabled={busy || undefined}
        aria-describedby={shownError ? 'image-error' : undefined}
        aria-keyshortcuts="Control+O Meta+O"
      >
        {image ? 'Choose another image…' : 'Choose image…'} <kbd>{shortcutLabel('O')}</kbd>
      </button>
      <FieldError id="image-error" message={shownError} />
    </section>
  );
}
