import { MODEL_CATALOGUE, ModelName } from '../../../shared/models';
import { BATCH_MAX, BATCH_MIN } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import type { DraftField } from '../../store/draft';

const AUDIO_MODELS = ModelName.options
  .filter((name) => MODEL_CATALOGUE[name].audio)
  .map((name) => MODEL_CATALOGUE[name].label)
  .join(' and ');

export function ModelFields({ messages }: { messages: Partial<Record<DraftField, string>> }) {
  const draft = useAppStore((state) => state.draft);
  const setModel = useAppStore((state) => state.setModel);
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  const spec = MODEL_CATALOGUE[draft.model];
  const describedBy = (field: DraftField, extra?: string) =>
    [messages[field] ? `${field}-error` : null, extra].filter(Boolean).join(' ') || undefined;

  return (
    <div className="field-grid">
      <div className="field">
        <label htmlFor="model" className="field-label">
          Model
        </label>
        <select
          id="model"
          value={draft.model}
          aria-describedby={describedBy('model')}
          onChange={(event) => {
            const parsed = ModelName.safeParse(event.target.value);
            if (parsed.success) setModel(parsed.data);
          }}
        >
          {ModelName.options.map((name) => (
            <option key={name} value={name}>
              {MODEL_CATALOGUE[name].label}
            </option>
          ))}
        </select>
        <FieldError id="model-error" message={messages.model} />
      </div>

      <div className="field">
        <label htmlFor="duration" className="field-label">
          Duration
        </label>
        <select
          id="duration"
          value={draft.duration}
          aria-invalid={messages.duration ? true : undefined}
          aria-describedby={describedBy('duration')}
          onChange={(event) => editDraft({ duration: event.target.value })}
        >
          {/* A duration the model does not offer (an old request) stays visible, flagged invalid. */}
          {!spec.durations.includes(draft.duration) && (
            <option value={draft.duration}>{draft.duration} (not available)</option>
          )}
          {spec.durations.map((duration) => (
            <option key={duration} value={duration}>
              {duration.replace('s', ' seconds')}
            </option>
          ))}
        </select>
        <FieldError id="duration-error" message={messages.duration} />
      </div>

      <div className="field">
        <label htmlFor="batchCount" className="field-label">
          Videos
        </label>
        <input
          id="batchCount"
          type="number"
          inputMode="numeric"
          min={BATCH_MIN}
          max={BATCH_MAX}
          step={1}
          value={draft.batchCount}
          aria-invalid={messages.batchCount ? true : undefined}
          aria-describedby={describedBy('batchCount', 'batch-hint')}
          onChange={(event) => {
            editDraft({ batchCount: event.target.value });
            touch('batchCount');
          }}
        />
        <p id="batch-hint" className="hint">
          {BATCH_MIN} to {BATCH_MAX} per render
        </p>
        <FieldError id="batchCount-error" message={messages.batchCount} />
      </div>

      <div className="field field-audio">
        <label className="checkbox">
          <input
            id="generateAudio"
            type="checkbox"
            checked={draft.generateAudio}
            disabled={!spec.audio}
            aria-describedby={describedBy('generateAudio', 'audio-hint')}
            onChange={(event) => editDraft({ generateAudio: event.target.checked })}
          />
          Generate audio
        </label>
        <p id="audio-hint" className="hint">
          {spec.audio
            ? 'Adds a soundtrack generated with the video.'
            : `${spec.label} cannot generate audio; only ${AUDIO_MODELS} can.`}
        </p>
        <FieldError id="generateAudio-error" message={messages.generateAudio} />
      </div>
    </div>
  );
}
