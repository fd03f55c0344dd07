import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../../shared/job';
import { createLineProgress } from './lines';

const manifest = (patch: Partial<RenderManifest>): RenderManifest => ({
  schemaVersion: 1,
  id: 'job-aaaaaa',
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
  request: {
    image: '/a.png',
    prompt: 'p',
    agent: 'kling',
    model: 'Kling_3_0',
    duration: '5s',
    generateAudio: false,
    batchCount: 2,
  },
  idempotencyKey: '7f1c2b9e-8d43-4a7e-9a51-3f0c5b6d2e10',
  state: 'queued',
  history: [],
  videos: [],
  favourite: false,
  ...patch,
});

function setup() {
  let t = 0;
  const lines: string[] = [];
  const reporter = createLineProgress({
    write: (line) => lines.push(line),
    now: () => t,
    bytesIntervalMs: 3_000,
  });
  return { reporter, lines, advance: (ms: number) => (t += ms) };
}

describe('line progress', () => {
  it('prints one line per state change with the elapsed time, and the remote state', () => {
    const { reporter, lines, advance } = setup();
    reporter.update(manifest({ state: 'queued' }));
    reporter.update(manifest({ state: 'queued' }));
    advance(3_200);
    reporter.update(manifest({ state: 'running', remoteState: 'Pending' }));
    reporter.update(manifest({ state: 'running', remoteState: 'Pending' }));
    advance(1_000);
    reporter.update(manifest({ state: 'running', remoteState: 'Running' }));
    expect(lines).toEqual([
      'job-aaaaaa queued 0s',
      'job-aaaaaa running (Pending) 3s',
      'job-aaaaaa running (Running) 4s',
    ]);
  });

  it("says a running render's warning once, and when it clears", () => {
    const { reporter, lines } = setup();
    const warning = '3 polls in a row failed (ECONNRESET);\n still trying every 20 s';
    reporter.update(manifest({ state: 'running', remoteState: 'Running' }));
    reporter.update(manifest({ state: 'running', remoteState: 'Running', warning }));
    reporter.update(manifest({ state: 'running', remoteState: 'Running', warning }));
    reporter.update(manifest({ state: 'running', remoteState: 'Running' }));
    // A stale warning on a finished render is not news.
    reporter.update(manifest({ state: 'done', warning }));
    expect(lines).toEqual([
      'job-aaaaaa running (Running) 0s',
      'job-aaaaaa running (Running) (problem: 3 polls in a row failed (ECONNRESET); still trying every 20 s) 0s',
      'job-aaaaaa running (Running) 0s',
      'job-aaaaaa done 0s',
    ]);
  });

  it('throttles byte lines but always reports a finished video once', () => {
    const { reporter, lines, advance } = setup();
    const videos = [
      { index: 0, url: 'https://c/1.mp4' },
      { index: 1, url: 'https://c/2.mp4' },
    ];
    reporter.update(manifest({ state: 'downloading', videos }));
    const progress = (videoIndex: number, receivedBytes: number) =>
      reporter.progress({ id: 'job-aaaaaa', videoIndex, receivedBytes, totalBytes: 1000 });
    progress(1, 100);
    advance(500);
    progress(1, 450); // too soon: dropped
    advance(3_000);
    progress(1, 450);
    progress(1, 1000); // finished: shown despite the interval
    progress(1, 1000); // the same final report again: not repeated
    expect(lines.slice(1)).toEqual([
      'job-aaaaaa downloading video 2/2 10%',
      'job-aaaaaa downloading video 2/2 45%',
      'job-aaaaaa downloading video 2/2 100%',
    ]);
  });
});
