import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageInfo } from '../../../shared/ipc';
import { MODEL_CATALOGUE, type ModelName } from '../../../shared/models';
import { useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import { fileName, formatList } from '../../format';
import { i18n } from '../../i18n';
import { modelName } from '../../i18n/model-label';

const END_FRAME_MODELS = (Object.keys(MODEL_CATALOGUE) as ModelName[]).filter(
  (model) => MODEL_CATALOGUE[model].endFrame,
);

/** Why a model cannot end on a chosen picture (from the catalogue), or null when it can. */
export function endFrameRefusal(model: ModelName): string | null {
  if (MODEL_CATALOGUE[model].endFrame) return null;
  const takers = [...new Set(END_FRAME_MODELS.map(modelName))];
  return i18n.t('sequence:endFrame.refusal', {
    model: modelName(model),
    takers: formatList(takers, 'disjunction'),
  });
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
  const { t } = useTranslation('sequence');
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
      <legend className="field-label">{t('endFrame.heading')}</legend>
      <p id={hintId} className="hint">
        {refusal && !picture ? refusal : t('endFrame.hint')}
      </p>
      {picture && (
        <div className="end-frame-picture">
          <img
            src={picture.previewUrl}
            alt={t('endFrame.preview', { name: fileName(picture.path) })}
          />
          <span title={picture.path}>{fileName(picture.path)}</span>
          <button type="button" onClick={() => onChange(null)}>
            {t('endFrame.remove')}
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
          {busy ? t('endFrame.reading') : picture ? t('endFrame.another') : t('endFrame.choose')}
        </button>
      </div>
      <FieldError id={`${id}-problem`} message={message} />
    </fieldset>
  );
}
