import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTINUE_MODELS,
  type ContinueCheck,
  continueOtherModelHint,
  continueRequest,
} from '../../../shared/continue-request';
import type { ImageInfo } from '../../../shared/ipc';
import type { RenderView } from '../../../shared/job';
import {
  DEFAULT_MODEL,
  type Duration,
  MODEL_CATALOGUE,
  ModelName,
  modelLabel,
} from '../../../shared/models';
import { BATCH_MAX, BATCH_MIN, isRemoteImage } from '../../../shared/render-request';
import { useAppStore, useClient } from '../../app-context';
import { type BridgeClient, errorMessage } from '../../bridge';
import { useBudgetConfirm } from '../../components/BudgetConfirm';
import { Dialog } from '../../components/Dialog';
import { DurationSelect } from '../../components/DurationSelect';
import { FieldError } from '../../components/FieldError';
import { i18n } from '../../i18n';
import { checkMessage, refusalText } from '../../i18n/check-messages';
import { type CostCheck, costCheckFor } from '../../store/budget';
import { captureLastFrame } from './capture-last-frame';
import { EndFramePicker } from './EndFramePicker';
import './sequence.css';

/** The model Continue starts on: the source's, or the default where it takes no first frame. */
const startingModel = (source: ModelName): ModelName =>
  CONTINUE_MODELS.includes(source) ? source : DEFAULT_MODEL;

/** The source's duration where the model takes it, else the model's default. */
const durationFor = (model: ModelName, wanted: Duration): Duration =>
  MODEL_CATALOGUE[model].durations.includes(wanted)
    ? wanted
    : MODEL_CATALOGUE[model].defaultDuration;

const deliveredVideos = (view: RenderView) =>
  view.videoUrls.flatMap((url, index) => (url ? [{ url, index }] : []));

interface Choice {
  model: ModelName;
  duration: Duration;
  batchCount: number;
  endFrame: string | undefined;
}

/**
 * What WeShop is asked to price for the continued render, built as main builds it
 * (shared/continue-request.ts), so a refusal shows here first. Its first frame does not exist
 * until Continue captures it, and render:estimate needs one; WeShop (and the emulator's price
 * table) price by model, seconds, audio and batch, not by the pictures or the words, so the
 * source render's own picture stands in (its uploaded https URL when there is one, so nothing
 * is uploaded again) with its prompt (not asked again per keystroke), and the end frame is
 * checked but not sent (it would be uploaded just to be priced).
 */
function continuedRequestForEstimate(view: RenderView, choice: Choice): ContinueCheck {
  const uploaded = view.uploadedImageUrl;
  const standIn = uploaded && isRemoteImage(uploaded) ? uploaded : view.request.image;
  const checked = continueRequest(view.request, {
    frame: standIn ?? '/last-frame.png',
    prompt: view.request.prompt || 'what happens next',
    ...choice,
  });
  if (!checked.ok) return checked;
  if (standIn === undefined) {
    return { ok: false, message: i18n.t('sequence:continue.noStandIn') };
  }
  const { endFrame: _notPriced, ...request } = checked.request;
  return { ok: true, request };
}

/** The cost check for one model + duration, asked once and shared by the line and Continue. */
function checkOnce(
  client: BridgeClient,
  asked: ContinueCheck,
  settings: Parameters<typeof costCheckFor>[2],
): Promise<CostCheck> {
  if (asked.ok) return costCheckFor(client, asked.request, settings);
  // main refuses this request too (same schema): nothing would be spent, so no cap to ask about.
  return Promise.resolve({
    estimate: i18n.t('sequence:continue.noEstimate', { message: refusalText(asked) }),
    concern: null,
  });
}

/**
 * Continue from the last frame: the chosen video's final frame (captured here at full
 * resolution) becomes the image of a new render with the same settings and a new prompt.
 * What it costs is shown before it is sent, and Settings → Budget applies as in New render:
 * over a cap (or a cap with no estimate) Continue waits for the user's explicit OK.
 */
export function ContinueDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const { t } = useTranslation('sequence');
  const client = useClient();
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const pushToast = useAppStore((state) => state.pushToast);
  const setScreen = useAppStore((state) => state.setScreen);
  const loadLibrary = useAppStore((state) => state.loadLibrary);
  const settings = useAppStore((state) => state.settings);
  const ids = useId();
  const videos = deliveredVideos(view);
  const [videoIndex, setVideoIndex] = useState(videos[0]?.index ?? 0);
  const [prompt, setPrompt] = useState('');
  const [model, setModel] = useState<ModelName>(startingModel(view.request.model));
  const [duration, setDuration] = useState<Duration>(
    durationFor(startingModel(view.request.model), view.request.duration),
  );
  // Said, never inherited: a batch of 8 continued silently would cost 8 videos.
  const [batchText, setBatchText] = useState('1');
  const [endFrame, setEndFrame] = useState<ImageInfo | null>(null);
  // What Continue is doing once pressed: checking the cost first, then capturing and sending.
  const [busy, setBusy] = useState<false | 'checking' | 'sending'>(false);
  const [problem, setProblem] = useState<string | undefined>();
  // A render over a cap (or of unknown cost under one) waits for the user's OK.
  const budget = useBudgetConfirm({
    title: (title) => t('continue.overCap', { title }),
    cancel: t('continue.dontContinue'),
    confirm: t('continue.continueAnyway'),
    busy: t('continue.continuing'),
  });
  const [shownCost, setShownCost] = useState<CostCheck | null>(null);
  const durations = MODEL_CATALOGUE[model].durations;

  // One check per model + duration + caps: the line shows it and Continue waits for the same one.
  const choice: Choice = {
    model,
    duration,
    batchCount: /^\d+$/.test(batchText.trim()) ? Number(batchText) : Number.NaN,
    endFrame: endFrame?.path,
  };
  const asked = continuedRequestForEstimate(view, choice);
  const costKey = JSON.stringify([
    asked,
    settings?.maxCreditsPerRender ?? null,
    settings?.maxCreditsPerDay ?? null,
  ]);
  const pending = useRef<{ key: string; check: Promise<CostCheck> } | null>(null);
  const costCheck = () => {
    if (pending.current?.key !== costKey) {
      pending.current = { key: costKey, check: checkOnce(client, asked, settings) };
    }
    return pending.current.check;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: costKey names everything costCheck reads
  useEffect(() => {
    let current = true;
    setShownCost(null);
    void costCheck().then((check) => {
      if (current) setShownCost(check);
    });
    return () => {
      current = false;
    };
  }, [costKey]);

  async function start() {
    if (busy) return;
    if (!prompt.trim()) {
      setProblem(t('continue.promptRequired'));
      return;
    }
    const video = videos.find((v) => v.index === videoIndex);
    if (!video) {
      setProblem(t('continue.notDownloaded'));
      return;
    }
    // What main would refuse (an end frame on Kling 2.1 Master, a bad Videos count): said now.
    const refused = continueRequest(view.request, { frame: '/last-frame.png', prompt, ...choice });
    if (!refused.ok) {
      setProblem(refusalText(refused));
      return;
    }
    setBusy('checking');
    setProblem(undefined);
    const check = await costCheck();
    if (check.concern) setBusy(false);
    await budget.gate(check.concern, () => send(video.index));
  }

  /** Captures the frame and continues: after the budget check, or on the OK over a cap. */
  async function send(videoIndex: number) {
    setBusy('sending');
    setProblem(undefined);
    try {
      const video = videos.find((v) => v.index === videoIndex);
      if (!video) throw new Error(t('continue.notDownloaded'));
      const frameDataUrl = await captureLastFrame(video.url);
      const next = await client.call('render:continue', {
        id: view.id,
        videoIndex,
        prompt,
        model,
        duration,
        batchCount: choice.batchCount,
        ...(choice.endFrame !== undefined ? { endFrame: choice.endFrame } : {}),
        frameDataUrl,
      });
      upsertJobs([next]);
      void loadLibrary();
      pushToast('success', t('continue.queued'), {
        label: t('continue.viewInQueue'),
        run: () => setScreen('queue'),
      });
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  // The source's model cannot continue a video: say so, and that another one is used.
  const otherModelHint = continueOtherModelHint(view.request.model);
  return (
    <Dialog title={t('continue.title')} size="small" onClose={onClose}>
      <form
        className="continue-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <p className="hint">{t('continue.intro')}</p>
        {model !== view.request.model && otherModelHint && (
          <p className="hint">{checkMessage(otherModelHint)}</p>
        )}
        {videos.length > 1 && (
          <div className="field">
            <label htmlFor={`${ids}-video`} className="field-label">
              {t('continue.fromVideo')}
            </label>
            <select
              id={`${ids}-video`}
              value={videoIndex}
              onChange={(event) => setVideoIndex(Number(event.target.value))}
            >
              {videos.map((v) => (
                <option key={v.index} value={v.index}>
                  {t('continue.videoOf', { n: v.index + 1, of: videos.length })}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${ids}-prompt`} className="field-label">
            {t('continue.prompt')}
          </label>
          {/* Focused on open (not the × before it): the prompt is what the user came to write. */}
          <textarea
            id={`${ids}-prompt`}
            data-autofocus
            rows={4}
            value={prompt}
            aria-describedby={problem ? `${ids}-problem` : undefined}
            onChange={(event) => setPrompt(event.target.value)}
          />
        </div>
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${ids}-model`} className="field-label">
              {t('continue.model')}
            </label>
            <select
              id={`${ids}-model`}
              value={model}
              onChange={(event) => {
                const next = ModelName.parse(event.target.value);
                setModel(next);
                setDuration(durationFor(next, duration));
              }}
            >
              {/* Only models that start from a picture can continue a video. */}
              {CONTINUE_MODELS.map((name) => (
                <option key={name} value={name}>
                  {modelLabel(name)}
                </option>
              ))}
            </select>
          </div>
          <DurationSelect
            id={`${ids}-duration`}
            label={t('continue.duration')}
            value={duration}
            durations={durations}
            onChange={setDuration}
          />
          <div className="field">
            <label htmlFor={`${ids}-videos`} className="field-label">
              {t('continue.videos')}
            </label>
            <input
              id={`${ids}-videos`}
              type="number"
              inputMode="numeric"
              min={BATCH_MIN}
              max={BATCH_MAX}
              step={1}
              value={batchText}
              aria-describedby={`${ids}-videos-hint`}
              onChange={(event) => setBatchText(event.target.value)}
            />
            <p id={`${ids}-videos-hint`} className="hint">
              {t('continue.videosHint', { min: BATCH_MIN, max: BATCH_MAX })}
            </p>
          </div>
        </div>
        <EndFramePicker id={`${ids}-end`} model={model} picture={endFrame} onChange={setEndFrame} />
        {/* Sticky at the bottom of the dialog: the cost and Continue stay in view as it scrolls
            (minimum window, 200% zoom). */}
        <div className="continue-actions">
          <p role="status" className="rerun-cost">
            {shownCost ? shownCost.estimate : t('continue.asking')}
          </p>
          <FieldError id={`${ids}-problem`} message={problem} />
          <div className="button-row end">
            <button type="button" onClick={onClose}>
              {t('continue.cancel')}
            </button>
            <button type="submit" className="primary" aria-disabled={busy !== false}>
              {busy === 'checking'
                ? t('continue.checking')
                : busy === 'sending'
                  ? t('continue.capturing')
                  : t('continue.submit')}
            </button>
          </div>
        </div>
      </form>
      {budget.dialog}
    </Dialog>
  );
}
