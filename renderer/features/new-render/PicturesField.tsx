import { AGENT_CATALOGUE, MODEL_CATALOGUE, type ModelName, orList } from '../../../shared/models';
import { MAX_REFERENCE_IMAGES } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import type { DraftField } from '../../store/draft';
import { MORE_SLOTS, type PictureSlot } from '../../store/pictures';
import { PicturePicker } from './PicturePicker';
import type { ImageUpload } from './use-image-upload';

const TEXT = {
  firstFrame: 'First frame',
  endFrame: 'End frame',
  character: 'Character',
  references: 'Reference images',
  image: (n: number) => `Image ${n}`,
  optional: 'optional',
  referencesHint: (max: number) =>
    `Up to ${max} pictures. The prompt calls them by these numbers: “image 1”, “image 2”… (e.g. “the person in image 1 holds the cup from image 2”). None: the video comes from the prompt alone.`,
  characterHint: 'The person or figure that moves like the reference video.',
  endFrameHint: 'The video ends on this picture.',
  noEndFrame: (model: string, takers: string) =>
    `${model} cannot end on a chosen frame: choose ${takers} for an end frame.`,
};

export type PictureUploads = Record<PictureSlot, ImageUpload>;

interface Props {
  messages: Partial<Record<DraftField, string>>;
  uploads: PictureUploads;
}

/** The pictures the chosen model takes, by its imageRole (shared/models.ts). */
export function PicturesField({ messages, uploads }: Props) {
  const model = useAppStore((state) => state.draft.model);
  const role = MODEL_CATALOGUE[model].imageRole;
  if (role === 'references') return <ReferencePictures messages={messages} uploads={uploads} />;
  if (role === 'character') {
    return (
      <div className="pictures">
        <PicturePicker
          slot="image"
          title={TEXT.character}
          message={messages.image}
          upload={uploads.image}
        />
        <p className="hint">{TEXT.characterHint}</p>
      </div>
    );
  }
  return <FramePictures model={model} messages={messages} uploads={uploads} />;
}

/** The models of the same agent that take an end frame, as a person reads them. */
function endFrameTakers(model: ModelName): string {
  const { agent } = MODEL_CATALOGUE[model];
  const takers = AGENT_CATALOGUE[agent].models.filter((m) => MODEL_CATALOGUE[m].endFrame);
  return orList(takers.map((m) => MODEL_CATALOGUE[m].label));
}

/** First frame, and beside it the optional end frame (off, with the reason, where not taken). */
function FramePictures({ model, messages, uploads }: Props & { model: ModelName }) {
  const spec = MODEL_CATALOGUE[model];
  const takers = endFrameTakers(model);
  const reason = spec.endFrame || takers === '' ? undefined : TEXT.noEndFrame(spec.label, takers);
  return (
    <div className="pictures two">
      <PicturePicker
        slot="image"
        title={TEXT.firstFrame}
        message={messages.image}
        upload={uploads.image}
      />
      <div className="end-frame">
        <PicturePicker
          slot="endFrame"
          title={TEXT.endFrame}
          qualifier={TEXT.optional}
          message={messages.endFrame}
          upload={uploads.endFrame}
          small
          removable
          {...(reason ? { disabledReason: reason } : {})}
        />
        {!reason && <p className="hint">{TEXT.endFrameHint}</p>}
      </div>
    </div>
  );
}

/** Numbered reference slots: the filled ones and the next empty one, up to the model's max. */
function ReferencePictures({ messages, uploads }: Props) {
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
        {TEXT.references} <span className="muted qualifier">({TEXT.optional})</span>
      </h2>
      <p className="hint" id="references-hint">
        {TEXT.referencesHint(max)}
      </p>
      <div className="reference-grid">
        {slots.map((slot, index) => (
          <PicturePicker
            key={slot}
            slot={slot}
            title={TEXT.image(index + 1)}
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
