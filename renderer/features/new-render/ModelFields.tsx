import { useTranslation } from 'react-i18next';
import { AGENT_CATALOGUE, AspectRatio, MODEL_CATALOGUE, ModelName } from '../../../shared/models';
import { BATCH_MAX, BATCH_MIN } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { formatList, formatSeconds } from '../../format';
import { modeName } from '../../i18n/model-label';
import type { DraftField } from '../../store/draft';

// Keys by shape: "16:9" cannot be a key (":" separates an i18next namespace).
const ASPECT_KEYS = { '16:9': 'landscape', '9:16': 'portrait', '1:1': 'square' } as const;

type Messages = Partial<Record<DraftField, string>>;
const describedBy = (messages: Messages, field: DraftField, extra?: string) =>
  [messages[field] ? `${field}-error` : null, extra].filter(Boolean).join(' ') || undefined;

/**
 * The chosen agent's settings, from the catalogue: its models (read as modes where they share
 * one name), durations, aspect ratio where the model takes one, videos and audio.
 */
export function ModelFields({ messages }: { messages: Messages }) {
  const draft = useAppStore((state) => state.draft);
  const spec = MODEL_CATALOGUE[draft.model];
  return (
    <div className="field-grid">
      <DurationField messages={messages} />
      {spec.aspectRatios.length > 0 && <AspectField messages={messages} />}
      <BatchField messages={messages} />
      <AudioField messages={messages} />
    </div>
  );
}

/** The agent's models; where they share one name (Kling O1) they read as modes. */
export function ModelSelect({ messages }: { messages: Messages }) {
  const { t } = useTranslation('newRender');
  const agent = useAppStore((state) => state.draft.agent);
  const model = useAppStore((state) => state.draft.model);
  const setModel = useAppStore((state) => state.setModel);
  const models = AGENT_CATALOGUE[agent].models;
  if (models.length < 2) return null;
  // Models of one name (Kling O1) differ by what they do: the choice reads as a mode.
  const asModes = new Set(models.map((m) => MODEL_CATALOGUE[m].label)).size === 1;
  return (
    <div className="field model-field">
      <label htmlFor="model" className="field-label">
        {asModes ? t('fields.mode') : t('fields.model')}
      </label>
      <select
        id="model"
        value={model}
        aria-describedby={describedBy(messages, 'model')}
        onChange={(event) => {
          const parsed = ModelName.safeParse(event.target.value);
          if (parsed.success) setModel(parsed.data);
        }}
      >
        {models.map((name) => (
          <option key={name} value={name}>
            {asModes ? modeName(name) : MODEL_CATALOGUE[name].label}
          </option>
        ))}
      </select>
      <FieldError id="model-error" message={messages.model} />
    </div>
  );
}

function DurationField({ messages }: { messages: Messages }) {
  const { t } = useTranslation('newRender');
  const duration = useAppStore((state) => state.draft.duration);
  const model = useAppStore((state) => state.draft.model);
  const editDraft = useAppStore((state) => state.editDraft);
  const spec = MODEL_CATALOGUE[model];
  if (!spec.sendsDuration) {
    return (
      <div className="field">
        <span className="field-label">{t('fields.duration')}</span>
        <p className="hint">{t('fields.lengthFromVideo')}</p>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor="duration" className="field-label">
        {t('fields.duration')}
      </label>
      <select
        id="duration"
        value={duration}
        aria-invalid={messages.duration ? true : undefined}
        aria-describedby={describedBy(messages, 'duration')}
        onChange={(event) => editDraft({ duration: event.target.value })}
      >
        {/* A duration the model does not offer (an old request) stays visible, flagged invalid. */}
        {!spec.durations.includes(duration) && (
          <option value={duration}>{t('fields.notAvailable', { duration })}</option>
        )}
        {spec.durations.map((each) => (
          <option key={each} value={each}>
            {formatSeconds(each)}
          </option>
        ))}
      </select>
      <FieldError id="duration-error" message={messages.duration} />
    </div>
  );
}

function AspectField({ messages }: { messages: Messages }) {
  const { t } = useTranslation('newRender');
  const aspect = useAppStore((state) => state.draft.aspectRatio);
  const model = useAppStore((state) => state.draft.model);
  const hasVideo = useAppStore((state) => state.draft.referenceVideo.trim() !== '');
  const editDraft = useAppStore((state) => state.editDraft);
  const offered = MODEL_CATALOGUE[model].aspectRatios;
  return (
    <div className="field">
      <label htmlFor="aspectRatio" className="field-label">
        {t('fields.aspect')}
      </label>
      <select
        id="aspectRatio"
        value={aspect}
        disabled={hasVideo}
        aria-invalid={messages.aspectRatio ? true : undefined}
        aria-describedby={describedBy(messages, 'aspectRatio', 'aspect-hint')}
        onChange={(event) => {
          const parsed = AspectRatio.safeParse(event.target.value);
          if (parsed.success) editDraft({ aspectRatio: parsed.data });
        }}
      >
        {offered.map((ratio) => (
          <option key={ratio} value={ratio}>
            {t(`fields.aspectNames.${ASPECT_KEYS[ratio]}`)}
          </option>
        ))}
      </select>
      <p id="aspect-hint" className="hint">
        {hasVideo ? t('fields.aspectFromVideo') : t('fields.aspectHint')}
      </p>
      <FieldError id="aspectRatio-error" message={messages.aspectRatio} />
    </div>
  );
}

function BatchField({ messages }: { messages: Messages }) {
  const { t } = useTranslation('newRender');
  const batchCount = useAppStore((state) => state.draft.batchCount);
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  return (
    <div className="field">
      <label htmlFor="batchCount" className="field-label">
        {t('fields.videos')}
      </label>
      <input
        id="batchCount"
        type="number"
        inputMode="numeric"
        min={BATCH_MIN}
        max={BATCH_MAX}
        step={1}
        value={batchCount}
        aria-invalid={messages.batchCount ? true : undefined}
        aria-describedby={describedBy(messages, 'batchCount', 'batch-hint')}
        onChange={(event) => {
          editDraft({ batchCount: event.target.value });
          touch('batchCount');
        }}
      />
      <p id="batch-hint" className="hint">
        {t('fields.batchHint', { min: BATCH_MIN, max: BATCH_MAX })}
      </p>
      <FieldError id="batchCount-error" message={messages.batchCount} />
    </div>
  );
}

/** Shown where some model of the agent makes audio; off, with the reason, on the others. */
function AudioField({ messages }: { messages: Messages }) {
  const { t } = useTranslation('newRender');
  const agent = useAppStore((state) => state.draft.agent);
  const model = useAppStore((state) => state.draft.model);
  const generateAudio = useAppStore((state) => state.draft.generateAudio);
  const editDraft = useAppStore((state) => state.editDraft);
  const spec = MODEL_CATALOGUE[model];
  const takers = AGENT_CATALOGUE[agent].models.filter((m) => MODEL_CATALOGUE[m].audio);
  if (takers.length === 0 && !messages.generateAudio) return null;
  return (
    <div className="field field-audio">
      <label className="checkbox">
        <input
          id="generateAudio"
          type="checkbox"
          checked={generateAudio}
          disabled={!spec.audio}
          aria-describedby={describedBy(messages, 'generateAudio', 'audio-hint')}
          onChange={(event) => editDraft({ generateAudio: event.target.checked })}
        />
        {t('fields.audio')}
      </label>
      <p id="audio-hint" className="hint">
        {spec.audio
          ? t('fields.audioHint')
          : t('fields.noAudio', {
              model: spec.label,
              takers: formatList(takers.map((m) => MODEL_CATALOGUE[m].label)),
            })}
      </p>
      <FieldError id="generateAudio-error" message={messages.generateAudio} />
    </div>
  );
}
