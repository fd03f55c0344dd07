import { type HTMLAttributes, memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { finishedAt } from '../../../shared/finished-at';
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
import { sayError, sayWarning } from '../../i18n/core-messages';
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
  const { t } = useTranslation('queue');
  const download = summarizeDownload(byVideo);
  if (!download) return null;
  const { receivedBytes, totalBytes } = download;
  return (
    <div className="download">
      <progress
        aria-label={t('downloadProgress')}
        value={totalBytes ? receivedBytes : undefined}
        max={totalBytes ?? undefined}
      />
      <span className="muted">
        {totalBytes
          ? t('downloadOf', {
              received: formatBytes(receivedBytes),
              total: formatBytes(totalBytes),
            })
          : formatBytes(receivedBytes)}
      </span>
    </div>
  );
}

/**
 * The picture this render starts from, in the same place and size from the moment it is
 * queued: the core serves the original until its copy is made (after the start), then the
 * copy, under one URL. A picture that cannot be shown (moved, unreadable) keeps its place as a
 * box with its name, so the row's text never jumps sideways.
 */
function SourcePicture({ view }: { view: RenderView }) {
  const { t } = useTranslation('queue');
  const [brokenUrl, setBrokenUrl] = useState<string | null>(null);
  const pictures = inputPictures(view);
  const shown = pictures.find((input) => input.url !== null);
  if (shown?.url && shown.url !== brokenUrl) {
    const url = shown.url;
    return (
      <img
        className="queue-source"
        src={url}
        alt={`${shown.label}: ${fileName(shown.source)}`}
        onError={() => setBrokenUrl(url)}
      />
    );
  }
  if (isTextOnly(view)) {
    // A render from the prompt alone has no picture to show: said in the picture's place.
    return <span className="queue-source queue-text-only">{INPUT_WORDS.textOnly}</span>;
  }
  const first = shown ?? pictures[0];
  if (!first) return null;
  const name = fileName(first.source);
  return (
    <span className="queue-source queue-source-pending" title={name}>
      <span className="visually-hidden">{t('pictureNotShown', { name })}</span>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
        <rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" />
        <circle cx="9" cy="10" r="1.6" fill="currentColor" />
        <path d="M4 18l5-5 3 3 3-4 5 6" fill="none" stroke="currentColor" />
      </svg>
      <span className="queue-source-name" aria-hidden="true">
        {name}
      </span>
    </span>
  );
}

/** Needs attention, said once in plain words; the core's full text stays under Details. */
function NeedsAttentionNote({ view }: { view: RenderView }) {
  const { t } = useTranslation('queue');
  return (
    <div className="queue-problem warn">
      <p>{needsAttentionExplanation()}</p>
      {view.taskName && <p>{t('lookFor', { taskName: view.taskName })}</p>}
      {view.error && (
        <details className="queue-details">
          <summary>{t('details')}</summary>
          <p>{sayError(view.error)}</p>
        </details>
      )}
    </div>
  );
}

function FailedNote({ view }: { view: RenderView }) {
  const { t } = useTranslation('queue');
  const extraError = errorBeyondServerMessage(view);
  return (
    <div className="queue-problem">
      {view.serverMessage && (
        <p>
          <strong>{t('weshopSaid')}</strong> {view.serverMessage}
        </p>
      )}
      {extraError && <p>{extraError}</p>}
      {!view.serverMessage && !view.error && <p>{t('failedNoReason')}</p>}
      <p className="charge-note">{failedChargeNote(view)}</p>
    </div>
  );
}

function PartialNote({ view }: { view: RenderView }) {
  const { t } = useTranslation('queue');
  return (
    <div className="queue-problem warn">
      <p>{t('partial', { delivered: view.videos.length, total: view.request.batchCount })}</p>
      {view.serverMessage && (
        <p>
          <strong>{t('weshopSaid')}</strong> {view.serverMessage}
        </p>
      )}
      <MissingVideosNote view={view} />
    </div>
  );
}

/** How a waiting render is steered from its row (absent for renders under way or finished). */
export interface RowSteering {
  paused: boolean;
  onMoveFront: () => void;
  /** Drag and Alt+↑/↓ handlers on the row. */
  rowProps: HTMLAttributes<HTMLLIElement>;
}

function QueueItemView({
  view,
  now,
  steering,
}: {
  view: RenderView;
  now: number;
  steering?: RowSteering | undefined;
}) {
  const openRender = useAppStore((state) => state.openRender);
  const setScreen = useAppStore((state) => state.setScreen);
  const reuseSettings = useAppStore((state) => state.reuseSettings);
  const { t } = useTranslation('queue');
  const finished = isTerminal(view.state);
  const started = Date.parse(view.createdAt);
  // From the change that finished it: later writes (a favourite, a frame rate) move updatedAt.
  const ended = finished ? Date.parse(finishedAt(view)) : now;
  const { request } = view;
  const delivered = view.videos.length;
  const promptId = useId();
  const inputs = inputsSummary(view);
  const hasPicture = inputPictures(view).length > 0 || isTextOnly(view);

  return (
    <li
      className={`queue-item state-${view.state}${hasPicture ? ' has-source' : ''}${steering?.paused ? ' is-paused' : ''}`}
      aria-labelledby={promptId}
      data-render-id={view.id}
      {...steering?.rowProps}
    >
      <SourcePicture view={view} />
      <div className="queue-main">
        {/* The whole prompt (CSS clamps what shows): it names the item and its buttons. */}
        <p className="queue-prompt" id={promptId} title={request.prompt}>
          {renderName(view)}
        </p>
        <p className="muted">
          {madeBy(view)} · {durationText(view)} · {t('videos', { count: request.batchCount })}
          {request.generateAudio ? ` · ${t('audio')}` : ''}
          {/* Only what is not the usual single first frame: "First + end frame", "Text only"… */}
          {inputs === INPUT_WORDS.firstFrame ? '' : ` · ${inputs}`}
        </p>
        {!finished && <JobSteps view={view} />}
        {view.state === 'downloading' && <DownloadBar id={view.id} />}
        {view.state === 'failed' && <FailedNote view={view} />}
        {!finished && view.warning && (
          // Still going by itself (e.g. polls failing, WeShop busy): said, not hidden in a log.
          <p className="queue-problem warn" role="status">
            {sayWarning(view)}
          </p>
        )}
        {view.state === 'partial' && <PartialNote view={view} />}
        {view.state === 'canceled' && view.error && (
          <p className="muted queue-note">{sayError(view.error)}</p>
        )}
        {view.state === 'needs-attention' && <NeedsAttentionNote view={view} />}
      </div>
      <div className="queue-side">
        <div className="queue-status">
          <span className="elapsed" title={t('elapsedTip')}>
            <span className="visually-hidden">{t('elapsed')}</span>
            {formatElapsed(ended - started)}
          </span>
          {steering?.paused ? (
            <span className="badge badge-neutral">{t('paused')}</span>
          ) : (
            <StateBadge view={view} />
          )}
        </div>
        <div className="button-row">
          {steering && (
            <button type="button" aria-describedby={promptId} onClick={steering.onMoveFront}>
              {t('moveFront')}
            </button>
          )}
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
              {t('editRetry')}
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
              {t('open')}
            </button>
          )}
        </div>
      </div>
    </li>
  );
}

/** Memoised: with hundreds of rows, a tick of the clock re-renders only rows whose props changed. */
export const QueueItem = memo(QueueItemView);
