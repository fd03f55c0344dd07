import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODEL_CATALOGUE, ModelName } from '../../../shared/models';
import { checkVariations, type SetRequest } from '../../../shared/variations';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { useBudgetConfirm } from '../../components/BudgetConfirm';
import { FieldError } from '../../components/FieldError';
import { formatCredits, formatSeconds } from '../../format';
import { refusalText } from '../../i18n/check-messages';
import { setBudgetConcernFor } from '../../store/budget';
import { toRequestInput } from '../../store/draft';
import { SetView } from '../sets/SetView';
import './variations.css';
import { modelName } from '../../i18n/model-label';

type Estimate =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'ready'; total: number | null }
  | { state: 'error'; message: string };

const promptLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * Variations: the form's image with several prompts (one a line) × models × durations,
 * queued in one action as a set. The total cost is fetched and shown before the Queue
 * button does anything; a combination the catalogue refuses is named and nothing is sent.
 * Settings → Budget applies as it does to New render: a set over a cap (or whose cost cannot
 * be checked against one) waits for the user's explicit OK.
 */
export function VariationsPanel() {
  const { t } = useTranslation('variations');
  const client = useClient();
  const draft = useAppStore((state) => state.draft);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const pushToast = useAppStore((state) => state.pushToast);
  const setScreen = useAppStore((state) => state.setScreen);
  const loadLibrary = useAppStore((state) => state.loadLibrary);
  const settings = useAppStore((state) => state.settings);
  const ids = useId();
  // Kept in the store: leaving New render and coming back finds the prompts and ticks as left.
  const form = useAppStore((state) => state.variationsForm);
  const editVariations = useAppStore((state) => state.editVariations);
  const openedSetId = useAppStore((state) => state.openedSetId);
  const openSet = useAppStore((state) => state.openSet);
  const { prompts, durations } = form;
  // The first time the panel shows, the form's model is the one ticked.
  const models = form.models ?? [draft.model];
  const firstModel = form.models === null ? draft.model : null;
  useEffect(() => {
    if (firstModel) editVariations({ models: [firstModel] });
  }, [firstModel, editVariations]);
  const [estimate, setEstimate] = useState<Estimate>({ state: 'idle' });
  const [queueing, setQueueing] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  // A set over a cap (or of unknown cost under one) waits for "Queue anyway" or "Don't queue".
  const budget = useBudgetConfirm({
    title: (title) => t('overCap', { title }),
    cancel: t('dontQueue'),
    confirm: t('queueAnyway'),
    busy: t('queueing'),
  });
  // Bumped to ask for the total again after it failed (nothing else would ask).
  const [estimateAttempt, setEstimateAttempt] = useState(0);

  const request: SetRequest = useMemo(() => {
    const lines = promptLines(prompts);
    // The form's inputs as the request reads them (toRequestInput): blank ones left out.
    const inputs = toRequestInput(draft);
    return {
      image: draft.image,
      ...(inputs.moreImages ? { moreImages: inputs.moreImages } : {}),
      ...(inputs.endFrame ? { endFrame: inputs.endFrame } : {}),
      ...(inputs.referenceVideo ? { referenceVideo: inputs.referenceVideo } : {}),
      ...(inputs.aspectRatio ? { aspectRatio: inputs.aspectRatio } : {}),
      prompts: lines.length ? lines : draft.prompt.trim() ? [draft.prompt.trim()] : [],
      models,
      durations,
      generateAudio: draft.generateAudio,
      batchCount: Number(draft.batchCount),
    };
  }, [draft, prompts, models, durations]);
  const check = checkVariations(request);
  const offered = [...new Set(models.flatMap((m) => MODEL_CATALOGUE[m].durations))];
  // The estimate follows the request's content, not its identity.
  const requestKey = JSON.stringify(request);

  // biome-ignore lint/correctness/useExhaustiveDependencies: estimateAttempt asks again after a failure
  useEffect(() => {
    const asked = JSON.parse(requestKey) as SetRequest;
    setEstimate({ state: 'idle' });
    // The check names a missing picture where a model needs one (text-only sets are fine).
    if (!checkVariations(asked).ok) return;
    let current = true;
    const timer = setTimeout(() => {
      setEstimate({ state: 'busy' });
      client.call('render:estimate-set', asked).then(
        (answer) => current && setEstimate({ state: 'ready', total: answer.total }),
        (error) => current && setEstimate({ state: 'error', message: errorMessage(error) }),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, requestKey, estimateAttempt]);

  const count = check.ok ? check.requests.length : 0;
  // Each render makes the form's "Videos" count: the summary says the videos, not only renders.
  const batch = Number(draft.batchCount) || 1;
  const renderCount =
    batch > 1
      ? t('rendersBatch', { count, batch, videos: count * batch })
      : t('renders', { count });
  const canQueue = check.ok && estimate.state === 'ready' && !queueing;

  async function queueSet() {
    if (!canQueue && estimate.state === 'error' && check.ok) {
      // Nothing is coming to wait for: say why, ask again, and still queue nothing unpriced.
      setProblem(t('askingAgain', { message: estimate.message }));
      setEstimateAttempt((n) => n + 1);
      return;
    }
    if (!canQueue) {
      setProblem(!check.ok ? refusalText(check) : t('waitForTotal'));
      return;
    }
    setQueueing(true);
    setProblem(undefined);
    try {
      // The set as the caps see it: every render checked, before anything is queued.
      await budget.gate(await setBudgetConcernFor(client, check.requests, settings), send);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setQueueing(false);
    }
  }

  /** Queues the set: after the budget check, or on the user's OK over a cap. Throws. */
  async function send() {
    const { setId, renders } = await client.call('render:queue-set', request);
    upsertJobs(renders);
    void loadLibrary();
    const videos = renders.reduce((sum, render) => sum + render.request.batchCount, 0);
    pushToast('success', t('queued', { count: renders.length, videos }), {
      label: t('openSet'),
      run: () => {
        setScreen('new');
        openSet(setId);
      },
    });
  }

  const toggle = <T,>(list: T[], item: T) =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

  return (
    <section className="creative-panel variations-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      <div className="field">
        <label htmlFor={`${ids}-prompts`} className="field-label">
          {t('prompts')}
        </label>
        <textarea
          id={`${ids}-prompts`}
          rows={4}
          value={prompts}
          placeholder={draft.prompt || t('promptsPlaceholder')}
          onChange={(event) => editVariations({ prompts: event.target.value })}
        />
      </div>
      <fieldset className="variation-choices">
        <legend className="field-label">{t('models')}</legend>
        {ModelName.options.map((name) => (
          <label key={name} className="check">
            <input
              type="checkbox"
              checked={models.includes(name)}
              onChange={() => editVariations({ models: toggle(models, name) })}
            />
            {modelName(name)}
          </label>
        ))}
      </fieldset>
      <fieldset className="variation-choices">
        <legend className="field-label">{t('durations')}</legend>
        {offered.map((duration) => (
          <label key={duration} className="check">
            <input
              type="checkbox"
              checked={durations.includes(duration)}
              onChange={() => editVariations({ durations: toggle(durations, duration) })}
            />
            {formatSeconds(duration)}
          </label>
        ))}
      </fieldset>
      <p className="set-summary" role="status">
        {!check.ok
          ? refusalText(check)
          : estimate.state === 'ready'
            ? estimate.total === null
              ? t('noEstimate', { renders: renderCount })
              : t('total', { renders: renderCount, credits: formatCredits(estimate.total) })
            : estimate.state === 'error'
              ? t('totalFailed', { renders: renderCount, message: estimate.message })
              : t('estimating', { renders: renderCount })}
      </p>
      <FieldError id={`${ids}-problem`} message={problem} />
      <div className="button-row">
        <button
          type="button"
          className="primary"
          aria-disabled={!canQueue}
          onClick={() => void queueSet()}
        >
          {queueing ? t('queueing') : count > 1 ? t('queueCount', { count }) : t('queue')}
        </button>
      </div>
      {openedSetId && <SetView setId={openedSetId} onClose={() => openSet(null)} />}
      {budget.dialog}
    </section>
  );
}
