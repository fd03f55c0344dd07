import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { IMAGE_LIMITS } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { fileName, formatBytes, shortcutLabel } from '../../format';
import { type PictureSlot, selectPicture } from '../../store/pictures';
import { UploadStatus } from './UploadStatus';
import type { ImageUpload } from './use-image-upload';

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
  const { t, i18n } = useTranslation('newRender');
  // English reads "Remove end frame" mid-sentence; Chinese has no case to change.
  const lower = (text: string) => text.toLocaleLowerCase(i18n.language);
  const limits = t('picker.limits', {
    mb: IMAGE_LIMITS.maxBytes / 1024 / 1024,
    px: IMAGE_LIMITS.minSidePx,
  });
  const { slot, title, qualifier, message, upload, disabledReason, small, removable } = props;
  const picture = useAppStore(useShallow((state) => selectPicture(state, slot)));
  const pickPicture = useAppStore((state) => state.pickPicture);
  const removePicture = useAppStore((state) => state.removePicture);
  const primary = slot === 'image';
  const { info, busy, path } = picture;
  const shownError = picture.error ?? message;
  const off = Boolean(disabledReason);
  // i18n-ignore: element ids, not words
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
      ? t('picker.pickAnother', { file })
      : t('picker.dropOrPick')
    : info
      ? t('picker.pickAnotherFor', { title, file })
      : t('picker.pickFor', { title });

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
          <img src={info.previewUrl} alt={t('picker.preview', { file })} />
        ) : (
          <span className="drop-hint">
            <span className="drop-icon" aria-hidden="true">
              {primary ? '⤓' : '+'}
            </span>
            <span>
              {busy
                ? t('picker.reading')
                : path
                  ? fileName(path)
                  : primary
                    ? t('picker.dropHere')
                    : t('picker.add')}
            </span>
            {primary && <span className="muted">{limits}</span>}
            {primary && <span className="muted">{t('picker.orClick')}</span>}
          </span>
        )}
      </button>
      {info && (
        <p className="image-meta">
          <span title={info.path}>{file}</span>
          <span>{t('picker.size', { width: info.width, height: info.height })}</span>
          {!small && <span>{formatBytes(info.bytes)}</span>}
          {!small && <span>{info.format.toUpperCase()}</span>}
        </p>
      )}
      <UploadStatus
        state={upload.state}
        onRetry={upload.retry}
        short={small}
        {...(primary ? {} : { retryLabel: t('picker.retry', { title: lower(title) }) })}
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
            {info ? t('picker.chooseAnother') : t('picker.choose')} <kbd>{shortcutLabel('O')}</kbd>
          </button>
        )}
        {removable && path && (
          <button type="button" onClick={() => removePicture(slot)}>
            {t('picker.remove', { title: lower(title) })}
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
