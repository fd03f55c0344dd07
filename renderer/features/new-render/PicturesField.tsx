import { useTranslation } from 'react-i18next';
import { AGENT_CATALOGUE, MODEL_CATALOGUE, type ModelName } from '../../../shared/models';
import { MAX_REFERENCE_IMAGES } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { formatList } from '../../format';
import type { DraftField } from '../../store/draft';
import { MORE_SLOTS, type PictureSlot } from '../../store/pictures';
import { PicturePicker } from './PicturePicker';
import type { ImageUpload } from './use-image-upload';

export type PictureUploads = Record<PictureSlot, ImageUpload>;

interface Props {
  messages: Partial<Record<DraftField, string>>;
  uploads: PictureUploads;
}

/** The pictures the chosen model takes, by its imageRole (shared/models.ts). */
export function PicturesField({ messages, uploads }: Props) {
  const { t } = useTranslation('newRender');
  const model = useAppStore((state) => state.draft.model);
  const role = MODEL_CATALOGUE[model].imageRole;
  if (role === 'references') return <ReferencePictures messages={messages} uploads={uploads} />;
  if (role === 'character') {
    return (
      <div className="pictures">
        <PicturePicker
          slot="image"
          title={t('pictures.character')}
          message={messages.image}
          upload={uploads.image}
        />
        <p className="hint">{t('pictures.characterHint')}</p>
      </div>
    );
  }
  return <FramePictures model={model} messages={messages} uploads={uploads} />;
}

/** The models of the same agent that take an end frame, as a person reads them. */
function endFrameTakers(model: ModelName): string {
  const { agent } = MODEL_CATALOGUE[model];
  const takers = AGENT_CATALOGUE[agent].models.filter((m) => MODEL_CATALOGUE[m].endFrame);
  return takers.length
    ? formatList(
        takers.map((m) => MODEL_CATALOGUE[m].label),
        'disjunction',
      )
    : '';
}

/** First frame, and beside it the optional end frame (off, with the reason, where not taken). */
function FramePictures({ model, messages, uploads }: Props & { model: ModelName }) {
  const { t } = useTranslation('newRender');
  const spec = MODEL_CATALOGUE[model];
  const takers = endFrameTakers(model);
  const reason =
    spec.endFrame || takers === ''
      ? undefined
      : t('pictures.noEndFrame', { model: spec.label, takers });
  return (
    <div className="pictures two">
      <PicturePicker
        slot="image"
        title={t('pictures.firstFrame')}
        message={messages.image}
        upload={uploads.image}
      />
      <div className="end-frame">
        <PicturePicker
          slot="endFrame"
          title={t('pictures.endFrame')}
          qualifier={t('pictures.optional')}
          message={messages.endFrame}
          upload={uploads.endFrame}
          small
          removable
          {...(reason ? { disabledReason: reason } : {})}
        />
        {!reason && <p className="hint">{t('pictures.endFrameHint')}</p>}
      </div>
    </div>
  );
}

/** Numbered reference slots: the filled ones and the next empty one, up to the model's max. */
function ReferencePictures({ messages, uploads }: Props) {
  const { t } = useTranslation('newRender');
  const model = useAppStore((state) => state.draft.model);
  const image = useAppStore((state) => state.draft.image);
  const more = useAppStore((state) => state.draft.moreImages);
  const max = Math.min(MODEL_CATALOGUE[model].images.max, MAX_REFERENCE_IMAGES);
  const filled = (image ? 1 : 0) + (image ? more.length : 0);
  const shown = Math.min(max, filled + 1);
  const slots: PictureSlot[] = ['image', ...MORE_SLOTS].slice(0, shown) as PictureSlot[];
  return (
    <section className="pictures references" aria-labelledby="references-heading">
      <h2 id="references-heading" className="field-label">
        {t('pictures.references')}{' '}
        <span className="muted qualifier">({t('pictures.optional')})</span>
      </h2>
      <p className="hint" id="references-hint">
        {t('pictures.referencesHint', { max })}
      </p>
      <div className="reference-grid">
        {slots.map((slot, index) => (
          <PicturePicker
            key={slot}
            slot={slot}
            title={t('pictures.image', { n: index + 1 })}
            message={index === 0 ? messages.image : messages.moreImages}
            upload={uploads[slot]}
            small
            removable
            headingLevel={3}
          />
        ))}
      </div>
    </section>
  );
}
