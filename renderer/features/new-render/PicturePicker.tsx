import { useShallow } from 'zustand/react/shallow';
import { IMAGE_LIMITS } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { fileName, formatBytes, shortcutLabel } from '../../format';
import { type PictureSlot, selectPicture } from '../../store/pictures';
import { UploadStatus } from './UploadStatus';
import type { ImageUpload } from './use-image-upload';

const LIMITS_HINT = `PNG, JPG or WebP · up to ${IMAGE_LIMITS.maxBytes / 1024 / 1024} MB · at least ${IMAGE_LIMITS.minSidePx} px a side`;
const TEXT = {
  dropHere: 'Drop an image here',
  dropOrPick: 'Drop an image here, or pick one',
  orClick: 'or click to choose one',
  reading: 'Reading image…',
  choose: 'Choose image…',
  chooseAnother: 'Choose another image…',
  pickAnother: (file: string) => `Preview of ${file}: pick another image`,
  preview: (file: string) => `Preview of ${file}`,
  pickFor: (title: string) => `${title}: pick an image`,
  pickAnotherFor: (title: string, file: string) => `${title}: ${file}, pick another image`,
  add: 'Click to choose',
  remove: (title: string) => `Remove ${title.toLowerCase()}`,
  retry: (title: string) => `Try the upload of ${title.toLowerCase()} again`,
};

export interface PicturePickerProps {
  slot: PictureSlot;
  /** "First frame", "End frame", "Image 2", "Character": the picture's heading. */
  title: string;
  /** Said after the heading, e.g. "optional". */
  qualifier?: string;
  /** The schema's message for this picture, when shown. */
  message: string | undefined;
  /** The picture's upload (New render owns it: the estimate waits on it too). */
  upload: ImageUpload;
  /** Why this picture cannot be given with the current model (the picker is off). */
  disabledReason?: string;
  /** A smaller box (several pictures side by side); picture 1 keeps the big one and Ctrl+O. */
  small?: boolean;
  /** Shows a Remove button once a picture is there (optional pictures). */
  removable?: boolean;
  headingLevel?: 2 | 3;
}

/**
 * One picture of the form: a box that opens the picker (click, Enter or Space), the checked
 * picture's preview and facts, its upload line, and why it cannot be used when it cannot.
 */
export function PicturePicker(props: PicturePickerProps) {
  const { slot, title, qualifier, message, upload, disabledReason, small, removable } = props;
  const picture = useAppStore(useShallow((state) => selectPicture(state, slot)));
  const pickPicture = useAppStore((state) => state.pickPicture);
  const removePicture = useAppStore((state) => state.removePicture);
  const primary = slot === 'image';
  const { info, busy, path } = picture;
  const shownError = picture.error ?? message;
  const off = Boolean(disabledReason);
  const ids = { heading: `${slot}-heading`, error: `${slot}-error`, reason: `${slot}-reason` };
  const describedBy = [shownError ? ids.error : null, off ? ids.reason : null]
    .filter(Boolean)
    .join(' ');
  const pick = () => {
    if (!busy && !off) void pickPicture(slot);
  };
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const file = info ? fileName(info.path) : '';
  const zoneLabel = primary
    ? info
      ? TEXT.pickAnother(file)
      : TEXT.dropOrPick
    : info
      ? TEXT.pickAnotherFor(title, file)
      : TEXT.pickFor(title);

  return (
    <section
      className={`image-picker${small ? ' small' : ''}${off ? ' is-off' : ''}`}
      aria-labelledby={ids.heading}
      data-slot={slot}
    >
      <Heading id={ids.heading} className="field-label">
        {title}
        {qualifier && <span className="muted qualifier"> ({qualifier})</span>}
      </Heading>
      <button
        type="button"
        className={`drop-zone${info ? ' has-image' : ''}${shownError ? ' is-invalid' : ''}`}
        aria-busy={busy}
        aria-disabled={busy || off || undefined}
        aria-label={zoneLabel}
        aria-describedby={describedBy || undefined}
        onClick={pick}
      >
        {info ? (
          <img src={info.previewUrl} alt={TEXT.preview(file)} />
        ) : (
          <span className="drop-hint">
            <span className="drop-icon" aria-hidden="true">
              {primary ? '⤓' : '+'}
            </span>
            <span>
              {busy ? TEXT.reading : path ? fileName(path) : primary ? TEXT.dropHere : TEXT.add}
            </span>
            {primary && <span className="muted">{LIMITS_HINT}</span>}
            {primary && <span className="muted">{TEXT.orClick}</span>}
          </span>
        )}
      </button>
      {info && (
        <p className="image-meta">
          <span title={info.path}>{file}</span>
          <span>
            {info.width} × {info.height} px
          </span>
          {!small && <span>{formatBytes(info.bytes)}</span>}
          {!small && <span>{info.format.toUpperCase()}</span>}
        </p>
      )}
      <UploadStatus
        state={upload.state}
        onRetry={upload.retry}
        short={small}
        {...(primary ? {} : { retryLabel: TEXT.retry(title) })}
      />
      <div className="picker-buttons">
        {primary && !small && (
          <button
            type="button"
            onClick={pick}
            // Not disabled while the picker is open: the button keeps focus for when it closes.
            aria-disabled={busy || undefined}
            aria-describedby={shownError ? ids.error : undefined}
            aria-keyshortcuts="Control+O Meta+O"
          >
            {info ? TEXT.chooseAnother : TEXT.choose} <kbd>{shortcutLabel('O')}</kbd>
          </button>
        )}
        {removable && path && (
          <button type="button" onClick={() => removePicture(slot)}>
            {TEXT.remove(title)}
          </button>
        )}
      </div>
      {off && (
        <p id={ids.reason} className="hint">
          {disabledReason}
        </p>
      )}
      <FieldError id={ids.error} message={shownError} />
    </section>
  );
}
