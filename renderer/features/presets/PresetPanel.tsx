import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { expandTemplate, type Preset, templateVariables } from '../../../shared/presets';
import { isRemoteImage } from '../../../shared/render-request';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import { excerpt, fileName, formatList, formatSeconds } from '../../format';
import { i18n } from '../../i18n';
import type { Draft } from '../../store/draft';
import './presets.css';
import { modelName } from '../../i18n/model-label';

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
  const { t } = useTranslation('presets');
  const [presets, setPresets] = useState<Preset[]>([]);
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [saveName, setSaveName] = useState('');
  const [saveProblem, setSaveProblem] = useState<string | undefined>();
  const ids = useId();

  const reload = () =>
    client.call('presets:list', {}).then(setPresets, (error) => {
      setProblem(t('readFailed', { reason: errorMessage(error) }));
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
    pushToast('success', t('inForm', { name: preset.name }));
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
      pushToast('success', t('saved', { name: saved.name }));
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
      pushToast('success', t('deleted', { name: preset.name }));
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <section className="creative-panel presets-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('title')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-choose`} className="field-label">
          {t('preset')}
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
          <option value="">{presets.length ? t('choose') : t('none')}</option>
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
            type="text"
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
            {t('use')}
          </button>
          <button type="button" className="danger" onClick={() => void deletePreset()}>
            {t('delete')}
          </button>
        </div>
      )}
      <div className="field preset-save">
        <label htmlFor={`${ids}-save`} className="field-label">
          {t('saveLabel')}
        </label>
        <p className="hint" id={`${ids}-save-hint`}>
          {t('saveHint')}
        </p>
        <div className="button-row">
          {/* type="text": the theme styles text inputs by type (the border the others have). */}
          <input
            id={`${ids}-save`}
            type="text"
            value={saveName}
            placeholder={t('namePlaceholder')}
            aria-describedby={`${ids}-save-hint${saveProblem ? ` ${ids}-save-problem` : ''}`}
            onChange={(event) => setSaveName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void saveAsPreset();
            }}
          />
          <button type="button" onClick={() => void saveAsPreset()}>
            {t('save')}
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

/** "Kling 2.6, 10 seconds, audio, 2 videos, ends on closing.png: “…”". */
function presetSummary(preset: Preset): string {
  const t = i18n.getFixedT(null, 'presets');
  const parts = [
    modelName(preset.model),
    MODEL_CATALOGUE[preset.model].sendsDuration ? formatSeconds(preset.duration) : null,
    preset.aspectRatio ?? null,
    preset.generateAudio ? t('audio') : null,
    t('videos', { count: preset.batchCount }),
    preset.endFrame ? t('endsOn', { name: fileName(preset.endFrame) }) : null,
    preset.referenceVideo ? t('referenceVideo') : null,
  ].filter((part): part is string => Boolean(part));
  const list = formatList(parts, 'unit');
  return preset.promptTemplate
    ? t('summaryPrompt', { parts: list, prompt: excerpt(preset.promptTemplate, 80) })
    : list;
}

/** Every prompt queued before, newest first, filtered as the user types. */
function RecentPromptSearch() {
  const client = useClient();
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  const { t } = useTranslation('presets');
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
        {t('recentLabel')}
      </label>
      <input id={id} type="search" value={text} onChange={(event) => setText(event.target.value)} />
      {hits.length > 0 ? (
        <ul className="recent-hits" aria-label={t('recentFound')}>
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
        <p className="muted">{text ? t('noMatch') : t('noPrompts')}</p>
      )}
    </div>
  );
}
