import { type KeyboardEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import { PLAYBACK_RATES, type SyncController, type SyncState } from './sync-controller';
import './playback-controls.css';

const formatTime = (seconds: number) => {
  const whole = Math.max(0, seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${(whole - minutes * 60).toFixed(2).padStart(5, '0')}`;
};

/**
 * `,` and `.` step one frame back / forward (pausing first), as in most video tools. Bound on
 * the element that holds the players and their controls, so they work wherever focus is in
 * it; typing in a text field is left alone.
 */
export function frameStepKeys(controller: SyncController) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLInputElement && target.type === 'text') return;
    if (target instanceof HTMLTextAreaElement) return;
    const step = event.key === ',' ? -1 : event.key === '.' ? 1 : 0;
    if (!step) return;
    event.preventDefault();
    controller.stepFrames(step);
  };
}

export interface PlaybackControlsProps {
  controller: SyncController;
  state: SyncState;
  /** Names the group for screen readers, e.g. "Playback of both renders". */
  label: string;
  /** Hide the play button and position slider when the video has its own native controls. */
  withTransport?: boolean;
  /**
   * Show "Frame 13 of 24 · 24 fps": the frame rate is the video's real one (`known`), or the
   * one frame steps assume when the file did not say.
   */
  frameReadout?: { known: boolean };
}

/** The frame shown at `time` (1-based): frame n covers [(n-1)/fps, n/fps). */
export const frameAt = (time: number, frameRate: number) =>
  Math.floor(Math.max(0, time) * frameRate + 1e-6) + 1;

function FrameReadout({ state, known }: { state: SyncState; known: boolean }) {
  const { t } = useTranslation('player');
  const fps = formatNumber(Math.round(state.frameRate * 100) / 100);
  const frames = Math.max(1, Math.round(state.duration * state.frameRate));
  const frame =
    state.duration > 0
      ? Math.min(frameAt(state.time, state.frameRate), frames)
      : frameAt(state.time, state.frameRate);
  return (
    <output className="playback-frame" aria-live="off">
      {!known
        ? t('frameReadoutAssumed', { frame: formatNumber(frame), fps })
        : state.duration > 0
          ? t('frameReadout', { frame: formatNumber(frame), frames: formatNumber(frames), fps })
          : t('frameReadoutNoTotal', { frame: formatNumber(frame), fps })}
    </output>
  );
}

/** A one-frame step with its key shown beside the text and named in the title. */
function FrameStepButton({
  shortcut,
  title,
  text,
  disabled,
  onStep,
}: {
  shortcut: string;
  title: string;
  text: string;
  disabled: boolean;
  onStep: () => void;
}) {
  return (
    <button
      type="button"
      aria-keyshortcuts={shortcut}
      title={`${title} (${shortcut})`}
      aria-disabled={disabled}
      onClick={onStep}
    >
      {text}{' '}
      <span className="key-hint" aria-hidden="true">
        {shortcut}
      </span>
    </button>
  );
}

/**
 * One row of labelled controls for a sync controller: play/pause, position, frame step,
 * speed and loop. Every control has visible text; the keys are in the button titles.
 */
export function PlaybackControls({
  controller,
  state,
  label,
  withTransport = true,
  frameReadout,
}: PlaybackControlsProps) {
  const { t } = useTranslation('player');
  const speedId = useId();
  const disabled = state.count === 0;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of controls, not a form fieldset
    <div className="playback-controls" role="group" aria-label={label}>
      {withTransport && (
        <button
          type="button"
          className="playback-play"
          aria-disabled={disabled}
          onClick={() => void controller.toggle()}
        >
          {state.playing ? t('pause') : t('play')}
        </button>
      )}
      <FrameStepButton
        shortcut=","
        title={t('frameBackTitle')}
        text={t('frameBack')}
        disabled={disabled}
        onStep={() => controller.stepFrames(-1)}
      />
      <FrameStepButton
        shortcut="."
        title={t('frameForwardTitle')}
        text={t('frameForward')}
        disabled={disabled}
        onStep={() => controller.stepFrames(1)}
      />
      {withTransport && (
        <label className="playback-position">
          <span className="visually-hidden">{t('position')}</span>
          <input
            type="range"
            min={0}
            max={state.duration || 0}
            step={0.01}
            value={Math.min(state.time, state.duration || 0)}
            aria-valuetext={t('positionValue', {
              time: formatTime(state.time),
              duration: formatTime(state.duration),
            })}
            onChange={(event) => controller.seek(Number(event.currentTarget.value))}
          />
          <output className="playback-time" aria-hidden="true">
            {formatTime(state.time)} / {formatTime(state.duration)}
          </output>
        </label>
      )}
      <label className="playback-speed" htmlFor={speedId}>
        {t('speed')}
        <select
          id={speedId}
          value={state.rate}
          onChange={(event) => controller.setRate(Number(event.currentTarget.value))}
        >
          {PLAYBACK_RATES.map((rate) => (
            <option key={rate} value={rate}>
              {rate}×
            </option>
          ))}
        </select>
      </label>
      <label className="playback-loop">
        <input
          type="checkbox"
          checked={state.loop}
          onChange={(event) => controller.setLoop(event.currentTarget.checked)}
        />
        {t('loop')}
      </label>
      {frameReadout && <FrameReadout state={state} known={frameReadout.known} />}
    </div>
  );
}
