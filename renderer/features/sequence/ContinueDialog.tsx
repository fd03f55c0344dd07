import { useEffect, useId, useRef, useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { type Duration, MODEL_CATALOGUE, ModelName } from '../../../shared/models';
import { describeIssues, isRemoteImage, RenderRequest } from '../../../shared/render-request';
import { useAppStore, useClient } from '../../app-context';
import { type BridgeClient, errorMessage } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { type BudgetConcern, type CostCheck, costCheckFor } from '../../store/budget';
import { captureLastFrame } from './capture-last-frame';
import './sequence.css';
import { BudgetReasons } from '../../components/BudgetReasons';

const deliveredVideos = (view: RenderView) =>
  view.videoUrls.flatMap((url, index) => (url ? [{ url, index }] : []));

/**
 * What WeShop is asked to price for the continued render. Its image, the last frame, does not
 * exist until Continue captures it, and render:estimate needs one; WeShop (and the emulator's
 * price table) price by model, seconds, audio and batch, not by the picture or the words, so
 * the source render's own image stands in (its uploaded https URL when there is one, so
 * nothing is uploaded again), with its prompt (the estimate is not asked again per keystroke).
 */
function continuedRequestForEstimate(
  view: RenderView,
  model: ModelName,
  duration: Duration,
): { ok: true; request: RenderRequest } | { ok: false; message: string } {
  const uploaded = view.uploadedImageUrl;
  const parsed = RenderRequest.safeParse({
    ...view.request,
    image: uploaded && isRemoteImage(uploaded) ? uploaded : view.request.image,
    model,
    duration,
  });
  return parsed.success
    ? { ok: true, request: parsed.data }
    : { ok: false, message: describeIssues(parsed.error) };
}

/** The cost check for one model + duration, asked once and shared by the line and Continue. */
function checkOnce(
  client: BridgeClient,
  asked: ReturnType<typeof continuedRequestForEstimate>,
  settings: Parameters<typeof costCheckFor>[2],
): Promise<CostCheck> {
  if (asked.ok) return costCheckFor(client, asked.request, settings);
  // main refuses this request too (same schema): nothing would be spent, so no cap to ask about.
  return Promise.resolve({ estimate: `No cost estimate: ${asked.message}`, concern: null });
}

/**
 * Continue from the last frame: the chosen video's final frame (captured here at full
 * resolution) becomes the image of a new render with the same settings and a new prompt.
 * What it costs is shown before it is sent, and Settings → Budget applies as in New render:
 * over a cap (or a cap with no estimate) Continue waits for the user's explicit OK.
 */
export function ContinueDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
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
  const [model, setModel] = useState<ModelName>(view.request.model);
  const [duration, setDuration] = useState<Duration>(view.request.duration);
  // What Continue is doing once pressed: checking the cost first, then capturing and sending.
  const [busy, setBusy] = useState<false | 'checking' | 'sending'>(false);
  const [problem, setProblem] = useState<string | undefined>();
  // A render over a cap (or of unknown cost under one), waiting for the user's OK.
  const [concern, setConcern] = useState<BudgetConcern | null>(null);
  const [shownCost, setShownCost] = useState<CostCheck | null>(null);
  const durations = MODEL_CATALOGUE[model].durations;

  // One check per model + duration + caps: the line shows it and Continue waits for the same one.
  const asked = continuedRequestForEstimate(view, model, duration);
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
      setProblem('Describe what happens next (a prompt is required)');
      return;
    }
    const video = videos.find((v) => v.index === videoIndex);
    if (!video) {
      setProblem('This video is not downloaded');
      return;
    }
    setBusy('checking');
    setProblem(undefined);
    const check = await costCheck();
    if (check.concern) {
      setBusy(false);
      setConcern(check.concern);
      return;
    }
    await send(video.index);
  }

  /** Captures the frame and continues: after the budget check, or on the OK over a cap. */
  async function send(videoIndex: number) {
    setBusy('sending');
    setProblem(undefined);
    try {
      const video = videos.find((v) => v.index === videoIndex);
      if (!video) throw new Error('This video is not downloaded');
      const frameDataUrl = await captureLastFrame(video.url);
      const next = await client.call('render:continue', {
        id: view.id,
        videoIndex,
        prompt,
        model,
        duration,
        frameDataUrl,
      });
      upsertJobs([next]);
      void loadLibrary();
      pushToast('success', 'Continuing from the last frame', {
        label: 'View in Queue',
        run: () => setScreen('queue'),
      });
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Continue from the last frame" size="small" onClose={onClose}>
      <form
        className="continue-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <p className="hint">
          The last frame of the video starts a new render with the same settings; the two are linked
          in a sequence.
        </p>
        {videos.length > 1 && (
          <div className="field">
            <label htmlFor={`${ids}-video`} className="field-label">
              From video
            </label>
            <select
              id={`${ids}-video`}
              value={videoIndex}
              onChange={(event) => setVideoIndex(Number(event.target.value))}
            >
              {videos.map((v) => (
                <option key={v.index} value={v.index}>
                  Video {v.index + 1} of {videos.length}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${ids}-prompt`} className="field-label">
            What happens next
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
              Model
            </label>
            <select
              id={`${ids}-model`}
              value={model}
              onChange={(event) => {
                const next = ModelName.parse(event.target.value);
                setModel(next);
                const spec = MODEL_CATALOGUE[next];
                if (!spec.durations.includes(duration)) setDuration(spec.defaultDuration);
              }}
            >
              {ModelName.options.map((name) => (
                <option key={name} value={name}>
                  {MODEL_CATALOGUE[name].label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-duration`} className="field-label">
              Duration
            </label>
            <select
              id={`${ids}-duration`}
              value={duration}
              onChange={(event) => setDuration(event.target.value as Duration)}
            >
              {durations.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p role="status" className="rerun-cost">
          {shownCost ? shownCost.estimate : 'Asking WeShop what this costs…'}
        </p>
        <FieldError id={`${ids}-problem`} message={problem} />
        <div className="button-row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" aria-disabled={busy !== false}>
            {busy === 'checking'
              ? 'Checking the cost…'
              : busy === 'sending'
                ? 'Capturing the last frame…'
                : 'Continue'}
          </button>
        </div>
      </form>
      {concern && (
        <ConfirmDialog
          title={`${concern.title}: continue anyway?`}
          onClose={() => setConcern(null)}
          cancelLabel="Don't queue"
          confirmLabel="Continue anyway"
          busyLabel="Continuing…"
          action={() => {
            setConcern(null);
            void send(videoIndex);
          }}
        >
          <BudgetReasons reasons={concern.reasons} />
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
