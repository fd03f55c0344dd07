import {
  AGENT_CATALOGUE,
  AspectRatio,
  andList,
  MODEL_CATALOGUE,
  ModelName,
} from '../../../shared/models';
import { BATCH_MAX, BATCH_MIN } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import type { DraftField } from '../../store/draft';

const TEXT = {
  model: 'Model',
  mode: 'Mode',
  duration: 'Duration',
  seconds: (duration: string) => duration.replace('s', ' seconds'),
  notAvailable: (duration: string) => `${duration} (not available)`,
  lengthFromVideo: 'Set by the reference video: the video is as long as the clip.',
  videos: 'Videos',
  batchHint: `${BATCH_MIN} to ${BATCH_MAX} per render`,
  aspect: 'Aspect ratio',
  aspectNames: { '16:9': '16:9 landscape', '9:16': '9:16 portrait', '1:1': '1:1 square' },
  aspectHint: 'The frame of the video.',
  aspectFromVideo: 'The reference video sets the aspect ratio: remove the video to choose one.',
  audio: 'Generate audio',
  audioHint: 'Adds a soundtrack generated with the video.',
  noAudio: (label: string, takers: string) => `${label} cannot generate audio; only ${takers} can.`,
} as const satisfies Record<string, unknown>;

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
        {asModes ? TEXT.mode : TEXT.model}
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
            {asModes ? MODEL_CATALOGUE[name].mode : MODEL_CATALOGUE[name].label}
          </option>
        ))}
      </select>
      <FieldError id="model-error" message={messages.model} />
    </div>
  );
}

function DurationField({ messages }: { messages: Messages }) {
  const duration = useAppStore((state) => state.draft.duration);
  const model = useAppStore((state) => state.draft.model);
  const editDraft = useAppStore((state) => state.editDraft);
  const spec = MODEL_CATALOGUE[model];
  if (!spec.sendsDuration) {
    return (
      <div className="field">
        <span className="field-label">{TEXT.duration}</span>
        <p className="hint">{TEXT.lengthFromVideo}</p>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor="duration" className="field-label">
        {TEXT.duration}
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
          <option value={duration}>{TEXT.notAvailable(duration)}</option>
        )}
        {spec.durations.map((each) => (
          <option key={each} value={each}>
            {TEXT.seconds(each)}
          </option>
        ))}
      </select>
      <FieldError id="duration-error" message={messages.duration} />
    </div>
  );
}

function AspectField({ messages }: { messages: Messages }) {
  const aspect = useAppStore((state) => state.draft.aspectRatio);
  const model = useAppStore((state) => state.draft.model);
  const hasVideo = useAppStore((state) => state.draft.referenceVideo.trim() !== '');
  const editDraft = useAppStore((state) => state.editDraft);
  const offered = MODEL_CATALOGUE[model].aspectRatios;
  return (
    <div className="field">
      <label htmlFor="aspectRatio" className="field-label">
        {TEXT.aspect}
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
            {TEXT.aspectNames[ratio]}
          </option>
        ))}
      </select>
      <p id="aspect-hint" className="hint">
        {hasVideo ? TEXT.aspectFromVideo : TEXT.aspectHint}
      </p>
      <FieldError id="aspectRatio-error" message={messages.aspectRatio} />
    </div>
  );
}

function BatchField({ messages }: { messages: Messages }) {
  const batchCount = useAppStore((state) => state.draft.batchCount);
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  return (
    <div className="field">
      <label htmlFor="batchCount" className="field-label">
        {TEXT.videos}
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
        {TEXT.batchHint}
      </p>
      <FieldError id="batchCount-error" message={messages.batchCount} />
    </div>
  );
}

/** Shown where some model of the agent makes audio; off, with the reason, on the others. */
function AudioField({ messages }: { messages: Messages }) {
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
        {TEXT.audio}
      </label>
      <p id="audio-hint" className="hint">
        {spec.audio
          ? TEXT.audioHint
          : TEXT.noAudio(spec.label, andList(takers.map((m) => MODEL_CATALOGUE[m].label)))}
      </p>
      <FieldError id="generateAudio-error" message={messages.generateAudio} />
    </div>
  );
}
