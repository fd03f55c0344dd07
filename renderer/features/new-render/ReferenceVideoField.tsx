import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { VideoUrl } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { checkMessage } from '../../i18n/check-messages';
import { LibraryVideoPicker } from './LibraryVideoPicker';

/**
 * A hosted reference video: pasted (checked by the shared schema as it is typed) or picked from
 * the library's done renders whose WeShop link still answers. Shown where the model takes one.
 */
export function ReferenceVideoField({ message }: { message: string | undefined }) {
  const { t } = useTranslation('newRender');
  const model = useAppStore((state) => state.draft.model);
  const value = useAppStore((state) => state.draft.referenceVideo);
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  const [picking, setPicking] = useState(false);
  const spec = MODEL_CATALOGUE[model];
  if (spec.referenceVideo === 'none') return null;
  // As typed: a pasted URL is judged at once, an empty required one once the field was left.
  const typed = value.trim() ? VideoUrl.safeParse(value) : null;
  const issue = typed && !typed.success ? typed.error.issues[0] : undefined;
  // The schema's check in the chosen language (its English only for an issue with no id).
  const shown = issue
    ? checkMessage({
        message: issue.message,
        params: issue.code === 'custom' ? issue.params : undefined,
      })
    : message;
  const hintId = 'referenceVideo-hint';
  return (
    <div className="field reference-video">
      <label htmlFor="referenceVideo" className="field-label">
        {t('video.label')}{' '}
        <span className="muted qualifier">
          ({spec.referenceVideo === 'required' ? t('video.required') : t('video.optional')})
        </span>
      </label>
      <div className="button-row">
        <input
          id="referenceVideo"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={t('video.placeholder')}
          aria-required={spec.referenceVideo === 'required' || undefined}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? `referenceVideo-error ${hintId}` : hintId}
          onChange={(event) => editDraft({ referenceVideo: event.target.value })}
          onBlur={() => touch('referenceVideo')}
        />
        <button type="button" onClick={() => setPicking(true)}>
          {t('video.pick')}
        </button>
        {value && (
          <button type="button" onClick={() => editDraft({ referenceVideo: '' })}>
            {t('video.clear')}
          </button>
        )}
      </div>
      <p id={hintId} className="hint">
        {spec.imageRole === 'character' ? t('video.hintCharacter') : t('video.hintReferences')}
      </p>
      <FieldError id="referenceVideo-error" message={shown} />
      {picking && (
        <LibraryVideoPicker
          onClose={() => setPicking(false)}
          onPick={(url) => {
            editDraft({ referenceVideo: url });
            touch('referenceVideo');
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}
