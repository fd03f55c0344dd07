import { useState } from 'react';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { VideoUrl } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { LibraryVideoPicker } from './LibraryVideoPicker';

const TEXT = {
  label: 'Reference video URL',
  optional: 'optional',
  required: 'required',
  placeholder: 'https://…/clip.mp4',
  hintCharacter:
    'The character moves like this clip. Paste the https link of a hosted video (WeShop has no video upload), or pick a render from your library.',
  hintReferences:
    'Its motion and camera guide the video, and its frame sets the aspect ratio. Paste the https link of a hosted video, or pick a render from your library.',
  pick: 'Pick from library…',
  clear: 'Remove video',
};

/**
 * A hosted reference video: pasted (checked by the shared schema as it is typed) or picked from
 * the library's done renders whose WeShop link still answers. Shown where the model takes one.
 */
export function ReferenceVideoField({ message }: { message: string | undefined }) {
  const model = useAppStore((state) => state.draft.model);
  const value = useAppStore((state) => state.draft.referenceVideo);
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  const [picking, setPicking] = useState(false);
  const spec = MODEL_CATALOGUE[model];
  if (spec.referenceVideo === 'none') return null;
  // As typed: a pasted URL is judged at once, an empty required one once the field was left.
  const typed = value.trim() ? VideoUrl.safeParse(value) : null;
  const shown = typed && !typed.success ? typed.error.issues[0]?.message : message;
  const hintId = 'referenceVideo-hint';
  return (
    <div className="field reference-video">
      <label htmlFor="referenceVideo" className="field-label">
        {TEXT.label}{' '}
        <span className="muted qualifier">
          ({spec.referenceVideo === 'required' ? TEXT.required : TEXT.optional})
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
          placeholder={TEXT.placeholder}
          aria-required={spec.referenceVideo === 'required' || undefined}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? `referenceVideo-error ${hintId}` : hintId}
          onChange={(event) => editDraft({ referenceVideo: event.target.value })}
          onBlur={() => touch('referenceVideo')}
        />
        <button type="button" onClick={() => setPicking(true)}>
          {TEXT.pick}
        </button>
        {value && (
          <button type="button" onClick={() => editDraft({ referenceVideo: '' })}>
            {TEXT.clear}
          </button>
        )}
      </div>
      <p id={hintId} className="hint">
        {spec.imageRole === 'character' ? TEXT.hintCharacter : TEXT.hintReferences}
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
