import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageInfo } from '../../../shared/ipc';
import { MODEL_CATALOGUE, type ModelName, modelLabel } from '../../../shared/models';
import {
  checkStoryboard,
  STORYBOARD_DEFAULT_MODEL,
  STORYBOARD_MODELS,
  type StoryboardRequest,
  type StoryboardView,
} from '../../../shared/storyboard';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { useBudgetConfirm } from '../../components/BudgetConfirm';
import { DurationSelect } from '../../components/DurationSelect';
import { FieldError } from '../../components/FieldError';
import { refusalText } from '../../i18n/check-messages';
import { setBudgetConcernFor } from '../../store/budget';
import { type Keyframe, KeyframeRow } from './KeyframeRow';
import { TEXT } from './storyboard-text';

type Estimate =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'ready'; total: number | null }
  | { state: 'error'; message: string };

/** The request the form stands for (prompts: one, or one per transition). */
function requestOf(
  keyframes: readonly ImageInfo[],
  onePrompt: boolean,
  prompts: readonly string[],
  model: ModelName,
  duration: string,
): StoryboardRequest {
  const count = Math.max(1, keyframes.length - 1);
  return {
    keyframes: keyframes.map((k) => k.path),
    prompts: onePrompt
      ? [prompts[0] ?? '']
      : Array.from({ length: count }, (_, i) => prompts[i] ?? ''),
    model,
    duration,
  };
}

/** The total of the storyboard as it stands, asked again 400 ms after the last change. */
function useStoryboardEstimate(request: StoryboardRequest, ok: boolean, attempt: number) {
  const client = useClient();
  const [estimate, setEstimate] = useState<Estimate>({ state: 'idle' });
  const key = JSON.stringify(request);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks again after a failure
  useEffect(() => {
    setEstimate({ state: 'idle' });
    if (!ok) return;
    let current = true;
    const timer = setTimeout(() => {
      setEstimate({ state: 'busy' });
      client.call('storyboard:estimate', JSON.parse(key) as StoryboardRequest).then(
        (answer) => current && setEstimate({ state: 'ready', total: answer.total }),
        (error) => current && setEstimate({ state: 'error', message: errorMessage(error) }),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, key, ok, attempt]);
  return estimate;
}

/**
 * A new storyboard: keyframes (pick, reorder, remove), a prompt for every transition or one
 * each, a model that takes an end frame and a duration; the total cost shows before Queue.
 */
/** The line under the settings: what is missing, or the transitions and their total. */
function summaryOf(
  keyframeCount: number,
  check: ReturnType<typeof checkStoryboard>,
  estimate: ReturnType<typeof useStoryboardEstimate>,
): string {
  const count = Math.max(0, keyframeCount - 1);
  if (keyframeCount < 2) return TEXT.needTwo;
  if (!check.ok) return refusalText(check);
  if (estimate.state === 'ready') return TEXT.total(count, estimate.total);
  if (estimate.state === 'error') return TEXT.estimateFailed(count, estimate.message);
  return TEXT.estimating(count);
}

/** One prompt for every transition, or one field per transition (1 → 2, 2 → 3 …). */
function TransitionPrompts(props: {
  idPrefix: string;
  onePrompt: boolean;
  count: number;
  prompts: string[];
  onChange: (update: (old: string[]) => string[]) => void;
}) {
  const { idPrefix, onePrompt, count, prompts, onChange } = props;
  const fields = onePrompt ? [0] : Array.from({ length: Math.max(1, count) }, (_, i) => i);
  return fields.map((i) => (
    <div className="field" key={i}>
      <label htmlFor={`${idPrefix}-prompt-${i}`} className="field-label">
        {onePrompt ? TEXT.promptAll : TEXT.promptFor(i)}
      </label>
      <textarea
        id={`${idPrefix}-prompt-${i}`}
        rows={2}
        value={prompts[i] ?? ''}
        onChange={(event) => {
          const value = event.target.value;
          onChange((old) => {
            const next = [...old];
            next[i] = value;
            return next;
          });
        }}
      />
    </div>
  ));
}

/** The model (only those that take an end frame) and each transition's duration. */
function StoryboardSettings(props: {
  idPrefix: string;
  model: ModelName;
  duration: string;
  onModel: (model: ModelName) => void;
  onDuration: (duration: string) => void;
}) {
  const { idPrefix, model, duration, onModel, onDuration } = props;
  return (
    <div className="storyboard-settings">
      <div className="field">
        <label htmlFor={`${idPrefix}-model`} className="field-label">
          {TEXT.model}
        </label>
        <select
          id={`${idPrefix}-model`}
          value={model}
          onChange={(e) => onModel(e.target.value as ModelName)}
        >
          {STORYBOARD_MODELS.map((name) => (
            <option key={name} value={name}>
              {modelLabel(name)}
            </option>
          ))}
        </select>
      </div>
      <DurationSelect
        id={`${idPrefix}-duration`}
        label={TEXT.durationOf(MODEL_CATALOGUE[model].durations)}
        value={duration}
        durations={MODEL_CATALOGUE[model].durations}
        onChange={onDuration}
      />
    </div>
  );
}

export function StoryboardEditor({ onQueued }: { onQueued: (view: StoryboardView) => void }) {
  // Re-rendered when the language changes (TEXT reads the chosen one).
  useTranslation('storyboard');
  const ids = useId();
  const client = useClient();
  const settings = useAppStore((state) => state.settings);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const pushToast = useAppStore((state) => state.pushToast);
  const [keyframes, setKeyframes] = useState<Keyframe[]>([]);
  const [onePrompt, setOnePrompt] = useState(true);
  const [prompts, setPrompts] = useState<string[]>(['']);
  const [model, setModel] = useState<ModelName>(STORYBOARD_DEFAULT_MODEL);
  const [duration, setDuration] = useState(
    MODEL_CATALOGUE[STORYBOARD_DEFAULT_MODEL].defaultDuration,
  );
  const [problem, setProblem] = useState<string>();
  const [queueing, setQueueing] = useState(false);
  const budget = useBudgetConfirm({
    title: TEXT.overCap,
    cancel: TEXT.dontQueue,
    confirm: TEXT.queueAnyway,
    busy: TEXT.queueing,
  });
  const [attempt, setAttempt] = useState(0);

  const request = requestOf(keyframes, onePrompt, prompts, model, duration);
  const check = checkStoryboard(request);
  const estimate = useStoryboardEstimate(request, check.ok, attempt);
  const count = Math.max(0, keyframes.length - 1);
  const canQueue = check.ok && estimate.state === 'ready' && !queueing;

  async function addKeyframe() {
    try {
      const picked = await client.call('image:pick', {});
      if (picked)
        setKeyframes((old) => [...old, { ...picked, uid: `${Date.now()}-${old.length}` }]);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  function changeKeyframes(next: Keyframe[], focus?: number) {
    setKeyframes(next);
    if (focus !== undefined) {
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-keyframe="${focus}"]`)?.focus(),
      );
    }
  }

  function chooseModel(next: ModelName) {
    setModel(next);
    const offered = MODEL_CATALOGUE[next].durations;
    if (!offered.includes(duration)) setDuration(MODEL_CATALOGUE[next].defaultDuration);
  }

  async function send() {
    const view = await client.call('storyboard:queue', request);
    upsertJobs(view.renders.filter((r) => r !== null));
    pushToast('success', TEXT.queued(view.storyboard.id, view.storyboard.transitions.length));
    setKeyframes([]);
    setPrompts(['']);
    onQueued(view);
  }

  async function queue() {
    if (!canQueue) {
      if (estimate.state === 'error') setAttempt((n) => n + 1);
      setProblem(
        keyframes.length < 2 ? TEXT.needTwo : !check.ok ? refusalText(check) : TEXT.waitForTotal,
      );
      return;
    }
    setQueueing(true);
    setProblem(undefined);
    try {
      // Settings → Budget sees every transition before anything is queued.
      const found = check.ok ? await setBudgetConcernFor(client, check.requests, settings) : null;
      await budget.gate(found, send);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setQueueing(false);
    }
  }

  const summary = summaryOf(keyframes.length, check, estimate);

  return (
    <section className="storyboard-editor" aria-labelledby={`${ids}-new`}>
      <h2 id={`${ids}-new`}>{TEXT.newStoryboard}</h2>
      <KeyframeRow
        keyframes={keyframes}
        onChange={changeKeyframes}
        onAdd={() => void addKeyframe()}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={onePrompt}
          onChange={(e) => setOnePrompt(e.target.checked)}
        />
        {TEXT.onePrompt}
      </label>
      <TransitionPrompts
        idPrefix={ids}
        onePrompt={onePrompt}
        count={count}
        prompts={prompts}
        onChange={setPrompts}
      />
      <StoryboardSettings
        idPrefix={ids}
        model={model}
        duration={duration}
        onModel={chooseModel}
        onDuration={setDuration}
      />
      {/* Sticky at the bottom of the screen: the total and Queue stay in view as it scrolls. */}
      <div className="storyboard-actions">
        <p className="set-summary" role="status">
          {summary}
        </p>
        <FieldError id={`${ids}-problem`} message={problem} />
        <div className="button-row">
          <button
            type="button"
            className="primary"
            aria-disabled={!canQueue}
            onClick={() => void queue()}
          >
            {queueing ? TEXT.queueing : TEXT.queue(count)}
          </button>
        </div>
      </div>
      {budget.dialog}
    </section>
  );
}
