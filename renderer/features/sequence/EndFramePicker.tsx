import { useState } from 'react';
import type { ImageInfo } from '../../../shared/ipc';
import { MODEL_CATALOGUE, type ModelName, modelLabel, orList } from '../../../shared/models';
import { useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import { fileName } from '../../format';

const TEXT = {
  heading: 'End on this picture (optional)',
  hint: 'The new video runs from the last frame to this picture.',
  choose: 'Choose picture…',
  another: 'Choose another picture…',
  remove: 'Remove',
  reading: 'Reading picture…',
  preview: (name: string) => `End frame: ${name}`,
};

const END_FRAME_MODELS = (Object.keys(MODEL_CATALOGUE) as ModelName[]).filter(
  (model) => MODEL_CATALOGUE[model].endFrame,
);

/** Why a model cannot end on a chosen picture (from the catalogue), or null when it can. */
export function endFrameRefusal(model: ModelName): string | null {
  if (MODEL_CATALOGUE[model].endFrame) return null;
  const takers = [...new Set(END_FRAME_MODELS.map(modelLabel))];
  return `${modelLabel(model)} cannot end on a chosen picture: choose ${orList(takers)} for an end frame`;
}

/**
 * Continue's optional end frame: a picture picked (and checked by main, as New render's are)
 * that the continuation ends on. Where the chosen model takes none, the picker says why.
 */
export function EndFramePicker({
  id,
  model,
  picture,
  onChange,
}: {
  id: string;
  model: ModelName;
  picture: ImageInfo | null;
  onChange: (picture: ImageInfo | null) => void;
}) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const refusal = endFrameRefusal(model);

  async function pick() {
    if (busy || refusal) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const info = await client.call('image:pick', {});
      // null: the dialog was closed; keep what was there.
      if (info) onChange(info);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const hintId = `${id}-hint`;
  const message = problem ?? (picture && refusal ? refusal : undefined);
  return (
    <fieldset className="field end-frame" aria-describedby={hintId}>
      <legend className="field-label">{TEXT.heading}</legend>
      <p id={hintId} className="hint">
        {refusal && !picture ? refusal : TEXT.hint}
      </p>
      {picture && (
        <div className="end-frame-picture">
          <img src={picture.previewUrl} alt={TEXT.preview(fileName(picture.path))} />
          <span title={picture.path}>{fileName(picture.path)}</span>
          <button type="button" onClick={() => onChange(null)}>
            {TEXT.remove}
          </button>
        </div>
      )}
      <div className="button-row">
        <button
          type="button"
          aria-disabled={busy || refusal !== null || undefined}
          aria-describedby={hintId}
          onClick={() => void pick()}
        >
          {busy ? TEXT.reading : picture ? TEXT.another : TEXT.choose}
        </button>
      </div>
      <FieldError id={`${id}-problem`} message={message} />
    </fieldset>
  );
}
