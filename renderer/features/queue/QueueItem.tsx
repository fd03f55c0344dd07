import { useId } from 'react';
import { isTerminal, type RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { AttachRunButton } from '../../components/AttachRun';
import {
  CancelButton,
  MissingVideosNote,
  RenderMissingButton,
  RetryButton,
} from '../../components/JobActions';
import { StateBadge } from '../../components/StateBadge';
import { fileName, formatBytes, formatElapsed } from '../../format';
import {
  errorBeyondServerMessage,
  failedChargeNote,
  needsAttentionExplanation,
} from '../../job-labels';
import { summarizeDownload } from '../../store/selectors';
import {
  durationText,
  INPUT_WORDS,
  inputPictures,
  inputsSummary,
  isTextOnly,
  madeBy,
  renderName,
} from '../library/input-pictures';
import { JobSteps } from './JobSteps';

function DownloadBar({ id }: { id: string }) {
  const byVideo = useAppStore((state) => state.progress[id]);
  const download = summarizeDownload(byVideo);
  if (!download) return null;
  const { receivedBytes, totalBytes } = download;
  return (
    <div className="download">
      <progress
        aria-label="Download progress"
        value={totalBytes ? receivedBytes : undefined}
        max={totalBytes ?? undefined}
      />
      <span className="muted">
        {formatBytes(receivedBytes)}
        {totalBytes ? ` of ${formatBytes(totalBytes)}` : ''}
      </span>
    </div>
  );
}

export function QueueItem({ view, now }: { view: RenderView; now: number }) {
  const openRender = useAppStore((state) => state.openRender);
  const setScreen = useAppStore((state) => state.setScreen);
  const reuseSettings = useAppStore((state) => state.reuseSettings);
  const finished = isTerminal(view.state);
  const started = Date.parse(view.createdAt);
  const ended = finished ? Date.parse(view.updatedAt) : now;
  const { request } = view;
  const extraError = errorBeyondServerMessage(view);
  const delivered = view.videos.length;
  const promptId = useId();
  const picture = inputPictures(view).find((input) => input.url !== null);
  const textOnly = isTextOnly(view);
  const inputs = inputsSummary(view);

  return (
    <li
      className={`queue-item state-${view.state}${picture || textOnly ? ' has-source' : ''}`}
      aria-labelledby={promptId}
    >
      {picture?.url && (
        // The picture this render starts from: a copy the core keeps in the render folder.
        <img
          className="queue-source"
          src={picture.url}
          alt={`${picture.label}: ${fileName(picture.source)}`}
        />
      )}
      {textOnly && (
        // A render from the prompt alone has no picture to show: said in the picture's place.
        <span className="queue-source queue-text-only">{INPUT_WORDS.textOnly}</span>
      )}
      <div className="queue-main">
        {/* The whole prompt (CSS clamps what shows): it names the item and its buttons. */}
        <p className="queue-prompt" id={promptId} title={request.prompt}>
          {renderName(view)}
        </p>
        <p className="muted">
          {madeBy(view)} · {durationText(view)} · {request.batchCount} video
          {request.batchCount === 1 ? '' : 's'}
          {request.generateAudio ? ' · audio' : ''}
          {/* Only what is not the usual single first frame: "First + end frame", "Text only"… */}
          {inputs === INPUT_WORDS.firstFrame ? '' : ` · ${inputs}`}
        </p>
        {!finished && <JobSteps view={view} />}
        {view.state === 'downloading' && <DownloadBar id={view.id} />}
        {view.state === 'failed' && (
          <div className="queue-problem">
            {view.serverMessage && (
              <p>
                <strong>WeShop said:</strong> {view.serverMessage}
              </p>
            )}
            {extraError && <p>{extraError}</p>}
            {!view.serverMessage && !view.error && <p>The render failed without a reason.</p>}
            <p className="charge-note">{failedChargeNote(view)}</p>
          </div>
        )}
        {!finished && view.warning && (
          // Still going by itself (e.g. polls failing, WeShop busy): said, not hidden in a log.
          <p className="queue-problem warn" role="status">
            {view.warning}
          </p>
        )}
        {view.state === 'partial' && (
          <div className="queue-problem warn">
            <p>
              WeShop delivered {delivered} of {request.batchCount} videos. The delivered ones are in
              the Library.
            </p>
            {view.serverMessage && (
              <p>
                <strong>WeShop said:</strong> {view.serverMessage}
              </p>
            )}
            <MissingVideosNote view={view} />
          </div>
        )}
        {view.state === 'canceled' && view.error && (
          <p className="muted queue-note">{view.error.message}</p>
        )}
        {view.state === 'needs-attention' && (
          <div className="queue-problem warn">
            <p>{needsAttentionExplanation()}</p>
            {view.error && <p>{view.error.message}</p>}
          </div>
        )}
      </div>
      <div className="queue-side">
        <div className="queue-status">
          <span className="elapsed" title="Time since queued">
            <span className="visually-hidden">Elapsed </span>
            {formatElapsed(ended - started)}
          </span>
          <StateBadge view={view} />
        </div>
        <div className="button-row">
          {!finished && <CancelButton view={view} describedBy={promptId} />}
          <AttachRunButton view={view} describedBy={promptId} />
          <RetryButton view={view} describedBy={promptId} />
          {view.state === 'failed' && (
            // The form filled with this render's settings, to change what failed and queue again.
            <button
              type="button"
              aria-describedby={promptId}
              onClick={() => void reuseSettings(view.request)}
            >
              Edit & retry
            </button>
          )}
          <RenderMissingButton view={view} describedBy={promptId} />
          {(view.state === 'done' || (view.state === 'partial' && delivered > 0)) && (
            <button
              type="button"
              aria-describedby={promptId}
              onClick={() => {
                setScreen('library');
                openRender(view.id);
              }}
            >
              Open
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
