import { useId, useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { type Duration, MODEL_CATALOGUE, ModelName } from '../../../shared/models';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { captureLastFrame } from './capture-last-frame';
import './sequence.css';

const deliveredVideos = (view: RenderView) =>
  view.videoUrls.flatMap((url, index) => (url ? [{ url, index }] : []));

/**
 * Continue from the last frame: the chosen video's final frame (captured here at full
 * resolution) becomes the image of a new render with the same settings and a new prompt.
 */
export function ContinueDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const client = useClient();
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const pushToast = useAppStore((state) => state.pushToast);
  const setScreen = useAppStore((state) => state.setScreen);
  const loadLibrary = useAppStore((state) => state.loadLibrary);
  const ids = useId();
  const videos = deliveredVideos(view);
  const [videoIndex, setVideoIndex] = useState(videos[0]?.index ?? 0);
  const [prompt, setPrompt] = useState('');
  const [model, setModel] = useState<ModelName>(view.request.model);
  const [duration, setDuration] = useState<Duration>(view.request.duration);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const durations = MODEL_CATALOGUE[model].durations;

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
    setBusy(true);
    setProblem(undefined);
    try {
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
        <FieldError id={`${ids}-problem`} message={problem} />
        <div className="button-row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" aria-disabled={busy}>
            {busy ? 'Capturing the last frame…' : 'Continue'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
