import { describe, expect, it, vi } from 'vitest';
import { createSyncController, type SyncableMedia } from './sync-controller';

/** A media element without a decoder: time moves only when the test advances it. */
class FakeMedia extends EventTarget implements SyncableMedia {
  currentTime = 0;
  paused = true;
  ended = false;
  playbackRate = 1;
  loop = false;
  plays = 0;
  constructor(
    public duration: number,
    private readonly refuse = false,
  ) {
    super();
  }
  play() {
    this.plays++;
    if (this.refuse) return Promise.reject(new Error('NotAllowedError'));
    this.paused = false;
    this.ended = false;
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  }
  pause() {
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
  /** Plays `seconds` of media at the element's own rate (what the browser would do). */
  advance(seconds: number) {
    if (this.paused) return;
    this.currentTime += seconds * this.playbackRate;
    if (this.currentTime >= this.duration) {
      if (this.loop) this.currentTime -= this.duration;
      else {
        this.currentTime = this.duration;
        this.paused = true;
        this.ended = true;
        this.dispatchEvent(new Event('ended'));
      }
    }
    this.dispatchEvent(new Event('timeupdate'));
  }
}

function setup(durations: number[], options: { frameRate?: number } = {}) {
  const media = durations.map((duration) => new FakeMedia(duration));
  const ticks: Array<() => void> = [];
  const sync = createSyncController({
    ...options,
    driftTolerance: 0.05,
    schedule: (tick) => {
      ticks.push(tick);
      return () => ticks.splice(ticks.indexOf(tick), 1);
    },
  });
  sync.setMedia(media);
  return { media, sync, ticks };
}

describe('sync controller', () => {
  it('plays and pauses every element together and reports it', async () => {
    const { media, sync } = setup([4, 4, 4]);
    const changes = vi.fn();
    sync.subscribe(changes);
    await sync.play();
    expect(media.map((m) => m.paused)).toEqual([false, false, false]);
    expect(sync.getState().playing).toBe(true);
    sync.pause();
    expect(media.map((m) => m.paused)).toEqual([true, true, true]);
    expect(sync.getState().playing).toBe(false);
    expect(changes).toHaveBeenCalled();
  });

  it('pausing the leader by its own controls pauses the followers', async () => {
    const { media, sync } = setup([4, 4]);
    await sync.play();
    media[0]?.pause();
    expect(media[1]?.paused).toBe(true);
    expect(sync.getState().playing).toBe(false);
  });

  it('seeks every element, clamped to the group and to each shorter video', () => {
    const { media, sync } = setup([5, 3]);
    sync.seek(4);
    expect(media.map((m) => m.currentTime)).toEqual([4, 3]);
    sync.seek(99);
    expect(media.map((m) => m.currentTime)).toEqual([5, 3]);
    sync.seek(-2);
    expect(media.map((m) => m.currentTime)).toEqual([0, 0]);
    expect(sync.getState().duration).toBe(5);
  });

  it('steps frames after pausing, at the given frame rate (30 when unknown)', async () => {
    const { media, sync } = setup([4, 4], { frameRate: 25 });
    sync.seek(1);
    await sync.play();
    sync.stepFrames(1);
    expect(media.every((m) => m.paused)).toBe(true);
    expect(media[0]?.currentTime).toBeCloseTo(1.04, 6);
    expect(media[1]?.currentTime).toBeCloseTo(1.04, 6);
    sync.stepFrames(-2);
    expect(media[0]?.currentTime).toBeCloseTo(0.96, 6);

    const plain = setup([4]);
    plain.sync.stepFrames(3);
    expect(plain.media[0]?.currentTime).toBeCloseTo(0.1, 6);
  });

  it('applies speed (kept within 0.25–2x) and loop to every element, also ones added later', () => {
    const { media, sync } = setup([4, 4]);
    sync.setRate(0.5);
    sync.setLoop(true);
    expect(media.map((m) => [m.playbackRate, m.loop])).toEqual([
      [0.5, true],
      [0.5, true],
    ]);
    sync.setRate(8);
    expect(sync.getState().rate).toBe(2);
    sync.setRate(0);
    expect(sync.getState().rate).toBe(0.25);
    const late = new FakeMedia(4);
    sync.setMedia([...media, late]);
    expect([late.playbackRate, late.loop]).toEqual([0.25, true]);
  });

  it('corrects a follower that drifted beyond the tolerance while playing, and only then', async () => {
    const { media, sync, ticks } = setup([10, 10]);
    const [leader, follower] = media as [FakeMedia, FakeMedia];
    await sync.play();
    expect(ticks).toHaveLength(1);
    leader.advance(2);
    follower.advance(1.97); // within tolerance: left alone (seeking costs a visible stall)
    ticks[0]?.();
    expect(follower.currentTime).toBeCloseTo(1.97, 6);
    follower.advance(-0.5); // a stall: 0.5 s behind
    ticks[0]?.();
    expect(follower.currentTime).toBeCloseTo(2, 6);
    sync.pause();
    expect(ticks).toHaveLength(0);
  });

  it('stops the group at the end unless looping; looping keeps a shorter follower cycling', async () => {
    const once = setup([2, 2]);
    await once.sync.play();
    once.media[0]?.advance(3);
    expect(once.media[1]?.paused).toBe(true);
    expect(once.sync.getState().playing).toBe(false);
    // Play after the end starts again from the top.
    await once.sync.play();
    expect(once.media.map((m) => m.currentTime)).toEqual([0, 0]);

    const looping = setup([4, 1.5]);
    looping.sync.setLoop(true);
    await looping.sync.play();
    const [leader, short] = looping.media as [FakeMedia, FakeMedia];
    leader.advance(2);
    short.advance(2); // it wrapped itself: 0.5
    looping.ticks[0]?.();
    expect(short.currentTime).toBeCloseTo(0.5, 6);
    short.currentTime = 1.2; // off by 0.7 from 2 % 1.5
    looping.ticks[0]?.();
    expect(short.currentTime).toBeCloseTo(0.5, 6);
  });

  it('aligns followers to the leader before playing', async () => {
    const { media, sync } = setup([5, 5]);
    const [leader, follower] = media as [FakeMedia, FakeMedia];
    leader.currentTime = 2;
    follower.currentTime = 3;
    await sync.play();
    expect(follower.currentTime).toBe(2);
  });

  it('reports an element that refuses to play instead of failing silently', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sync = createSyncController({ schedule: () => () => {} });
    const good = new FakeMedia(3);
    const refusing = new FakeMedia(3, true);
    sync.setMedia([good, refusing]);
    await sync.play();
    expect(good.paused).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      'synced playback: an element refused to play',
      expect.any(Error),
    );
    warn.mockRestore();
  });

  it('detaches from old elements on setMedia and dispose', async () => {
    const { media, sync } = setup([4, 4]);
    const [oldLeader] = media as [FakeMedia];
    const other = [new FakeMedia(4), new FakeMedia(4)];
    sync.setMedia(other);
    await oldLeader.play();
    expect(sync.getState().playing).toBe(false);
    expect(sync.getState().count).toBe(2);
    sync.dispose();
    expect(sync.getState().count).toBe(2);
    await other[0]?.play();
    expect(other[1]?.paused).toBe(true);
  });
});
