import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { createJobLog, logRequest } from './job-log';
import { memoryLogger } from './logger';

const at = '2026-01-01T00:00:00.000Z';
function manifest(patch: Partial<RenderManifest>): RenderManifest {
  return {
    schemaVersion: 1,
    id: 'job-abc123',
    createdAt: at,
    updatedAt: at,
    request: { image: '/tmp/a.png', prompt: 'p', model: 'Kling_3_0', duration: '5s' },
    idempotencyKey: '00000000-0000-4000-8000-000000000000',
    state: 'queued',
    history: [{ state: 'queued', at }],
    videos: [],
    favourite: false,
    ...patch,
  } as RenderManifest;
}

describe('createJobLog', () => {
  it('writes one line per state or remote-state change, not per manifest write', () => {
    const logger = memoryLogger();
    const log = createJobLog(logger);
    log(manifest({ state: 'queued' }));
    log(manifest({ state: 'queued' }));
    log(manifest({ state: 'running', remoteState: 'Pending', executionId: 'exec-1' }));
    log(manifest({ state: 'running', remoteState: 'Pending', executionId: 'exec-1' }));
    log(manifest({ state: 'running', remoteState: 'Running', executionId: 'exec-1' }));
    log(
      manifest({
        state: 'failed',
        remoteState: 'Failed',
        error: { kind: 'run-failed', message: 'WeShop: content policy' },
        serverMessage: 'content policy',
      }),
    );
    expect(logger.records().map((r) => [r.level, r.from, r.to, r.remoteState ?? null])).toEqual([
      ['info', null, 'queued', null],
      ['info', 'queued', 'running', 'Pending'],
      ['info', 'running', 'running', 'Running'],
      ['warn', 'running', 'failed', 'Failed'],
    ]);
    expect(logger.records()[3]).toMatchObject({
      job: 'job-abc123',
      error: { kind: 'run-failed', message: 'WeShop: content policy' },
      serverMessage: 'content policy',
    });
  });

  it('takes the previous state from the history the first time it sees a job', () => {
    const logger = memoryLogger();
    createJobLog(logger)(
      manifest({
        state: 'needs-attention',
        history: [
          { state: 'starting', at },
          { state: 'needs-attention', at, message: 'The start may have reached WeShop' },
        ],
      }),
    );
    expect(logger.records()).toMatchObject([
      {
        level: 'warn',
        from: 'starting',
        to: 'needs-attention',
        message: 'The start may have reached WeShop',
      },
    ]);
  });

  it('logs a new warning on a job once', () => {
    const logger = memoryLogger();
    const log = createJobLog(logger);
    const polling = { state: 'running' as const, remoteState: 'Running' as const };
    log(manifest(polling));
    log(manifest({ ...polling, warning: '3 checks in a row failed' }));
    log(manifest({ ...polling, warning: '3 checks in a row failed' }));
    expect(logger.records().filter((r) => r.msg === 'job warning')).toMatchObject([
      { level: 'warn', warning: '3 checks in a row failed' },
    ]);
  });
});

describe('logRequest', () => {
  it('logs a good request at info and a failed one at warn', () => {
    const logger = memoryLogger();
    const log = logRequest(logger);
    const base = { method: 'GET' as const, path: '/agent/runs/x', durationMs: 12, attempt: 1 };
    log({ ...base, status: 200, outcome: 'ok' });
    log({ ...base, status: null, attempt: 2, outcome: 'network' });
    expect(logger.records()).toMatchObject([
      { level: 'info', msg: 'weshop request', status: 200, durationMs: 12 },
      { level: 'warn', status: null, attempt: 2, outcome: 'network' },
    ]);
  });
});
