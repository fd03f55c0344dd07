import { useEffect, useId, useState } from 'react';
import { MODEL_CATALOGUE, modelLabel } from '../../../shared/models';
import { expandTemplate, type Preset, templateVariables } from '../../../shared/presets';
import { isRemoteImage } from '../../../shared/render-request';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import { excerpt, fileName } from '../../format';
import type { Draft } from '../../store/draft';
import './presets.css';

/**
 * Presets and prompt history for New render: choose a preset, fill its {variables} and use
 * it (model, duration, audio, videos and the filled-in prompt go into the form); save the
 * form as a preset (the prompt is the template); search every prompt queued before (kept
 * after renders are deleted). Plain form controls: all of it works from the keyboard.
 */
export function PresetPanel() {
  const client = useClient();
  const draft = useAppStore((state) => state.draft);
  const editDraft = useAppStore((state) => state.editDraft);
  const setModel = useAppStore((state) => state.setModel);
  const inspectPicture = useAppStore((state) => state.inspectPicture);
  const touch = useAppStore((state) => state.touch);
  const pushToast = useAppStore((state) => state.pushToast);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [saveName, setSaveName] = useState('');
  const [saveProblem, setSaveProblem] = useState<string | undefined>();
  const ids = useId();

  const reload = () =>
    client.call('presets:list', {}).then(setPresets, (error) => {
      setProblem(`Presets could not be read: ${errorMessage(error)}`);
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the panel opens
  useEffect(() => {
    void reload();
  }, []);

  const preset = presets.find((p) => p.name === chosen) ?? null;
  const variables = preset ? templateVariables(preset.promptTemplate) : [];

  function applyPreset() {
    if (!preset) return;
    const expanded = expandTemplate(preset.promptTemplate, values);
    if (!expanded.ok) {
      setProblem(expanded.message);
      return;
    }
    setProblem(undefined);
    setModel(preset.model);
    // What the preset keeps from use to use; picture 1 stays as the user picked it.
    editDraft({
      duration: preset.duration,
      generateAudio: preset.generateAudio && MODEL_CATALOGUE[preset.model].audio,
      batchCount: String(preset.batchCount),
      prompt: expanded.prompt,
      ...(preset.aspectRatio ? { aspectRatio: preset.aspectRatio } : {}),
      ...(preset.referenceVideo ? { referenceVideo: preset.referenceVideo } : {}),
    });
    if (preset.endFrame) {
      // A local end frame gets its preview and checks again (it may have moved since).
      if (isRemoteImage(preset.endFrame)) editDraft({ endFrame: preset.endFrame });
      else void inspectPicture('endFrame', preset.endFrame);
    }
    touch('prompt');
    pushToast('success', `Preset “${preset.name}” is in the form`);
  }

  async function saveAsPreset() {
    try {
      const saved = await client.call('presets:save', {
        name: saveName,
        model: draft.model,
        duration: draft.duration,
        generateAudio: draft.generateAudio,
        batchCount: Number(draft.batchCount),
        promptTemplate: draft.prompt,
        ...presetInputs(draft),
      });
      setSaveProblem(undefined);
      setSaveName('');
      await reload();
      setChosen(saved.name);
      pushToast('success', `Saved preset “${saved.name}”`);
    } catch (error) {
      setSaveProblem(errorMessage(error));
    }
  }

  async function deletePreset() {
    if (!preset) return;
    try {
      await client.call('presets:delete', { name: preset.name });
      setChosen('');
      await reload();
      pushToast('success', `Deleted preset “${preset.name}”`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <section className="creative-panel presets-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Presets</h2>
      <div className="field">
        <label htmlFor={`${ids}-choose`} className="field-label">
          Preset
        </label>
        <select
          id={`${ids}-choose`}
          value={chosen}
          onChange={(event) => {
            setChosen(event.target.value);
            setValues({});
            setProblem(undefined);
          }}
        >
          <option value="">{presets.length ? 'Choose a preset…' : 'No presets saved yet'}</option>
          {presets.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {preset && <p className="muted preset-summary">{presetSummary(preset)}</p>}
      {variables.map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${ids}-var-${name}`} className="field-label">
            {`{${name}}`}
          </label>
          <input
            id={`${ids}-var-${name}`}
            value={values[name] ?? ''}
            onChange={(event) => setValues((old) => ({ ...old, [name]: event.target.value }))}
            onKeyDown={(event) => {
              if (event.key === 'Enter') applyPreset();
            }}
          />
        </div>
      ))}
      <FieldError id={`${ids}-problem`} message={problem} />
      {preset && (
        <div className="button-row wrap">
          <button type="button" className="primary" onClick={applyPreset}>
            Use preset
          </button>
          <button type="button" className="danger" onClick={() => void deletePreset()}>
            Delete preset
          </button>
        </div>
      )}
      <div className="field preset-save">
        <label htmlFor={`${ids}-save`} className="field-label">
          Save the form as a preset
        </label>
        <p className="hint" id={`${ids}-save-hint`}>
          The prompt becomes the template: write {'{subject}'} where a word changes each time.
        </p>
        <div className="button-row">
          <input
            id={`${ids}-save`}
            value={saveName}
            placeholder="Preset name"
            aria-describedby={`${ids}-save-hint${saveProblem ? ` ${ids}-save-problem` : ''}`}
            onChange={(event) => setSaveName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void saveAsPreset();
            }}
          />
          <button type="button" onClick={() => void saveAsPreset()}>
            Save preset
          </button>
        </div>
        <FieldError id={`${ids}-save-problem`} message={saveProblem} />
      </div>
      <RecentPromptSearch />
    </section>
  );
}

/** The form's inputs a preset keeps besides the model's settings (only those the model takes). */
function presetInputs(draft: Draft) {
  const spec = MODEL_CATALOGUE[draft.model];
  const video = draft.referenceVideo.trim();
  return {
    ...(draft.aspectRatio && !video && spec.aspectRatios.length
      ? { aspectRatio: draft.aspectRatio }
      : {}),
    ...(video && spec.referenceVideo !== 'none' ? { referenceVideo: video } : {}),
    ...(draft.endFrame && spec.endFrame ? { endFrame: draft.endFrame } : {}),
  };
}

/** "Kling 2.6, 10s, audio, 2 videos, ends on closing.png: “…”". */
function presetSummary(preset: Preset): string {
  const parts = [
    modelLabel(preset.model),
    MODEL_CATALOGUE[preset.model].sendsDuration ? preset.duration : null,
    preset.aspectRatio ?? null,
    preset.generateAudio ? 'audio' : null,
    `${preset.batchCount} video${preset.batchCount === 1 ? '' : 's'}`,
    preset.endFrame ? `ends on ${fileName(preset.endFrame)}` : null,
    preset.referenceVideo ? 'a reference video' : null,
  ].filter(Boolean);
  const prompt = preset.promptTemplate ? `: “${excerpt(preset.promptTemplate, 80)}”` : '';
  return `${parts.join(', ')}${prompt}`;
}

/** Every prompt queued before, newest first, filtered as the user types. */
function RecentPromptSearch() {
  const client = useClient();
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  const [text, setText] = useState('');
  const [hits, setHits] = useState<string[]>([]);
  const id = useId();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      client.call('prompts:recent', { text, limit: 8 }).then(
        (found) => current && setHits(found),
        () => current && setHits([]),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, text]);

  return (
    <div className="field recent-search">
      <label htmlFor={id} className="field-label">
        Search recent prompts
      </label>
      <input id={id} type="search" value={text} onChange={(event) => setText(event.target.value)} />
      {hits.length > 0 ? (
        <ul className="recent-hits" aria-label="Recent prompts found">
          {hits.map((hit) => (
            <li key={hit}>
              <button
                type="button"
                className="chip"
                title={hit}
                onClick={() => {
                  editDraft({ prompt: hit });
                  touch('prompt');
                }}
              >
                {excerpt(hit, 90)}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{text ? 'No prompt matches' : 'No prompts yet'}</p>
      )}
    </div>
  );
}
