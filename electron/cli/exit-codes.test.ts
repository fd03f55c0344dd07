import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { EXIT, exitCodeFor, exitCodeForOutcomes } from './exit-codes';
import { jobResult } from './job-result';

describe('exit codes', () => {
  it('tells input to fix (2) and a decision to make (4) from a failure (1)', () => {
    expect(exitCodeFor(new KlingError('invalid-input', 'x'))).toBe(EXIT.invalidInput);
    expect(exitCodeFor(new KlingError('needs-attention', 'x'))).toBe(EXIT.needsAttention);
    expect(exitCodeFor(new KlingError('network', 'x'))).toBe(EXIT.failed);
    expect(exitCodeFor(new Error('x'))).toBe(EXIT.failed);
  });

  it('lets the worst outcome win: failed, then needs-attention, then partial', () => {
    expect(exitCodeForOutcomes([])).toBe(EXIT.ok);
    expect(exitCodeForOutcomes(['ok', 'ok'])).toBe(EXIT.ok);
    expect(exitCodeForOutcomes(['ok', 'partial'])).toBe(EXIT.partial);
    expect(exitCodeForOutcomes(['partial', 'needs-attention'])).toBe(EXIT.needsAttention);
    expect(exitCodeForOutcomes(['needs-attention', 'failed', 'partial'])).toBe(EXIT.failed);
  });
});

describe('jobResult outcome', () => {
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
    state: 'done',
    history: [],
    videos: [],
    favourite: false,
    ...patch,
  });
  const delivered = [{ index: 0, url: 'https://c/1.mp4', file: 'video-1.mp4' }];

  it('is partial only when the delivered videos are really on disk', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kling-job-result-'));
    try {
      const partial = manifest({ state: 'partial', videos: delivered, serverMessage: 'policy' });
      const missingFile = await jobResult(partial, folder);
      expect(missingFile.outcome).toBe('failed');
      await writeFile(join(folder, 'video-1.mp4'), 'mp4');
      const onDisk = await jobResult(partial, folder);
      expect(onDisk.outcome).toBe('partial');
      expect(onDisk.complete).toBe(false);
      expect(onDisk.result).toMatchObject({
        state: 'partial',
        batchCount: 2,
        videos: [join(folder, 'video-1.mp4')],
        serverMessage: 'policy',
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('needs attention for an unknown start, whatever state an older version wrote', async () => {
    const sent = { startSentAt: '2025-03-01T10:00:01.000Z' };
    const attention = await jobResult(manifest({ state: 'needs-attention', ...sent }), '/none');
    expect(attention.outcome).toBe('needs-attention');
    const oldFailed = await jobResult(manifest({ state: 'failed', ...sent }), '/none');
    expect(oldFailed.outcome).toBe('needs-attention');
    const running = manifest({ state: 'running', executionId: 'e', warning: 'polls failing' });
    expect((await jobResult(running, '/none')).result.warning).toBe('polls failing');
  });
});
