/**
 * Plays N media elements as one: play, pause, seek, frame step, speed and loop are applied to
 * every element, and drift is corrected against the first element (the leader) while playing.
 * Plain DOM, no React, so it is unit-tested with fake elements and reused by any view that
 * shows videos side by side (Compare, a variation set).
 *
 * Usage:
 *   const sync = createSyncController({ frameRate: 30 });
 *   sync.setMedia([videoA, videoB]);      // any time the elements change; [] detaches
 *   const stop = sync.subscribe(() => render(sync.getState()));
 *   await sync.play(); sync.seek(1.5); sync.stepFrames(-1); sync.setRate(0.5); sync.setLoop(true);
 *   sync.dispose();
 */

/** What the controller needs of an HTMLVideoElement (tests pass fakes). */
export interface SyncableMedia extends EventTarget {
  currentTime: number;
  readonly duration: number;
  readonly paused: boolean;
  readonly ended: boolean;
  playbackRate: number;
  loop: boolean;
  play(): Promise<void> | undefined;
  pause(): void;
}

export interface SyncState {
  /** True while the group is meant to play (the leader is not paused). */
  playing: boolean;
  /** The leader's position in seconds. */
  time: number;
  /** The longest finite duration of the group (0 until metadata is known). */
  duration: number;
  rate: number;
  loop: boolean;
  /** How many elements are synced. */
  count: number;
  /** Frames per second that frame steps use (the video's real rate once known). */
  frameRate: number;
}

export interface SyncControllerOptions {
  /** Frames per second used by stepFrames; 30 when the real rate is unknown. */
  frameRate?: number;
  /** A follower further than this (seconds) from the leader is moved to it while playing. */
  driftTolerance?: number;
  /** Calls `tick` regularly while playing; returns a stop function. Injected in tests. */
  schedule?: (tick: () => void) => () => void;
}

export const PLAYBACK_RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const;
export const MIN_RATE = 0.25;
export const MAX_RATE = 2;
const DEFAULT_FRAME_RATE = 30;
const DEFAULT_DRIFT_TOLERANCE = 0.08;
const DRIFT_CHECK_MS = 200;

const LEADER_EVENTS = [
  'play',
  'pause',
  'ended',
  'timeupdate',
  'seeked',
  'loadedmetadata',
  'durationchange',
  'ratechange',
] as const;

const finite = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

export interface SyncController {
  setMedia(media: readonly SyncableMedia[]): void;
  getState(): SyncState;
  /** Called after every change of state; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Aligns every follower to the leader, then starts them all. Rejections are reported. */
  play(): Promise<void>;
  pause(): void;
  toggle(): Promise<void>;
  /** Moves every element to `time` (clamped to each one's own duration). */
  seek(time: number): void;
  /** Pauses, then moves by `count` frames (negative steps back). */
  stepFrames(count: number): void;
  /** The rate frame steps use from now on (a switch to another video); unknown → 30. */
  setFrameRate(frameRate: number | undefined): void;
  setRate(rate: number): void;
  setLoop(loop: boolean): void;
  /** Moves followers that drifted from the leader; runs on the schedule while playing. */
  correctDrift(): void;
  dispose(): void;
}

const intervalSchedule = (tick: () => void) => {
  const timer = setInterval(tick, DRIFT_CHECK_MS);
  return () => clearInterval(timer);
};

export function createSyncController(options: SyncControllerOptions = {}): SyncController {
  const validRate = (value: number | undefined) =>
    value && Number.isFinite(value) && value > 0 ? value : DEFAULT_FRAME_RATE;
  let frameRate = validRate(options.frameRate);
  const tolerance = options.driftTolerance ?? DEFAULT_DRIFT_TOLERANCE;
  const schedule = options.schedule ?? intervalSchedule;

  let media: readonly SyncableMedia[] = [];
  let rate = 1;
  let loop = false;
  let stopTicking: (() => void) | null = null;
  const listeners = new Set<() => void>();
  let state: SyncState = {
    playing: false,
    time: 0,
    duration: 0,
    rate,
    loop,
    count: 0,
    frameRate,
  };

  const leader = () => media[0];
  const followers = () => media.slice(1);
  const groupDuration = () => Math.max(0, ...media.map((element) => finite(element.duration)));
  /** Where an element should be for group time `time`: its own end if it is shorter. */
  const targetFor = (element: SyncableMedia, time: number) => {
    const own = finite(element.duration);
    if (own === 0) return Math.max(0, time);
    // A looping group keeps shorter videos cycling rather than parked at their end.
    if (loop) return time % own;
    return Math.min(Math.max(0, time), own);
  };

  function notify() {
    const lead = leader();
    const next: SyncState = {
      playing: lead ? !lead.paused && !lead.ended : false,
      time: lead ? lead.currentTime : 0,
      duration: groupDuration(),
      rate,
      loop,
      count: media.length,
      frameRate,
    };
    const same = (Object.keys(next) as (keyof SyncState)[]).every(
      (key) => next[key] === state[key],
    );
    if (same) return;
    state = next;
    for (const listener of listeners) listener();
  }

  function updateTicking() {
    const lead = leader();
    const playing = Boolean(lead && !lead.paused && !lead.ended);
    if (playing && !stopTicking && media.length > 1) {
      stopTicking = schedule(() => {
        controller.correctDrift();
        notify();
      });
    } else if ((!playing || media.length < 2) && stopTicking) {
      stopTicking();
      stopTicking = null;
    }
  }

  const onLeaderEvent = (event: Event) => {
    if (event.type === 'pause' || event.type === 'ended') {
      // The leader's own controls (or its end) pause the group too.
      for (const element of followers()) if (!element.paused) element.pause();
    }
    updateTicking();
    notify();
  };

  function detach() {
    const lead = leader();
    if (lead) for (const name of LEADER_EVENTS) lead.removeEventListener(name, onLeaderEvent);
    stopTicking?.();
    stopTicking = null;
  }

  const report = (error: unknown) => {
    // A refused play() (autoplay policy, a file that will not decode) is not silent.
    console.warn('synced playback: an element refused to play', error);
  };

  const controller: SyncController = {
    setMedia(next) {
      detach();
      media = [...next];
      const lead = leader();
      if (lead) for (const name of LEADER_EVENTS) lead.addEventListener(name, onLeaderEvent);
      for (const element of media) {
        element.playbackRate = rate;
        element.loop = loop;
      }
      updateTicking();
      notify();
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async play() {
      const lead = leader();
      if (!lead) return;
      // Start again from the top when the group had ended (what a play button does).
      const time = lead.ended || lead.currentTime >= groupDuration() ? 0 : lead.currentTime;
      for (const element of media) {
        const target = targetFor(element, time);
        if (Math.abs(element.currentTime - target) > tolerance / 2) element.currentTime = target;
      }
      const results = await Promise.allSettled(media.map((element) => element.play()));
      for (const result of results) if (result.status === 'rejected') report(result.reason);
      updateTicking();
      notify();
    },
    pause() {
      for (const element of media) if (!element.paused) element.pause();
      // Paused together, shown together: followers land exactly on the leader's frame.
      const lead = leader();
      if (lead)
        for (const element of followers())
          element.currentTime = targetFor(element, lead.currentTime);
      updateTicking();
      notify();
    },
    toggle() {
      const lead = leader();
      if (lead && !lead.paused && !lead.ended) {
        controller.pause();
        return Promise.resolve();
      }
      return controller.play();
    },
    seek(time) {
      const clamped = Math.min(Math.max(0, time), groupDuration() || Math.max(0, time));
      for (const element of media) element.currentTime = targetFor(element, clamped);
      notify();
    },
    stepFrames(count) {
      const lead = leader();
      if (!lead) return;
      controller.pause();
      controller.seek(lead.currentTime + count / frameRate);
    },
    setFrameRate(next) {
      frameRate = validRate(next);
      notify();
    },
    setRate(next) {
      rate = Math.min(MAX_RATE, Math.max(MIN_RATE, next));
      for (const element of media) element.playbackRate = rate;
      notify();
    },
    setLoop(next) {
      loop = next;
      for (const element of media) element.loop = loop;
      notify();
    },
    correctDrift() {
      const lead = leader();
      if (!lead || lead.paused) return;
      for (const element of followers()) {
        const target = targetFor(element, lead.currentTime);
        if (Math.abs(element.currentTime - target) > tolerance) element.currentTime = target;
        // A follower that stopped by itself (ended earlier, or was paused by its own
        // controls) while the group loops or still plays is started again.
        if (element.paused && target < finite(element.duration)) {
          element.play()?.catch(report);
        }
      }
    },
    dispose() {
      detach();
      media = [];
      listeners.clear();
    },
  };
  return controller;
}
