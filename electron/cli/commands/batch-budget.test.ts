import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CreditEstimate } from '../../../shared/credits';
import type { RenderRequest } from '../../../shared/render-request';
import type { Core } from '../../app/core';
import type { CliIo } from '../io';
import { refuseBatchOverBudget } from './credits';

function testIo(stderr: string[]): CliIo {
  return {
    env: {},
    cwd: '/',
    platform: 'linux',
    homedir: '/home/test',
    stdin: Readable.from([]),
    stdout: { write: () => true },
    stderr: { write: (text) => stderr.push(text) > 0 },
    onInterrupt: () => () => undefined,
  };
}

/** A core with a per-render cap whose estimator counts how many estimates run at once. */
function cappedCore(credits: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const core = {
    settings: { get: async () => ({ maxCreditsPerRender: 100, maxCreditsPerDay: null }) },
    library: { list: async () => ({ items: [] }) },
    estimator: {
      estimate: async (): Promise<CreditEstimate> => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Each estimate is an upload plus a request: it finishes on a later turn.
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return { credits, enough: true };
      },
    },
  };
  return { core: core as unknown as Core, maxInFlight: () => maxInFlight };
}

const requests = (count: number): RenderRequest[] =>
  Array.from({ length: count }, (_, i) => ({
    image: `/photos/${i}.png`,
    prompt: 'wave',
    agent: 'kling',
    model: 'Kling_3_0',
    duration: '5s',
    generateAudio: false,
    batchCount: 1,
  }));

describe('refuseBatchOverBudget', () => {
  it('estimates a long batch a few rows at a time (each is an upload), not all at once', async () => {
    const { core, maxInFlight } = cappedCore(20);
    const stderr: string[] = [];
    expect(await refuseBatchOverBudget(core, testIo(stderr), requests(40))).toBeNull();
    expect(maxInFlight()).toBeGreaterThan(1);
    expect(maxInFlight()).toBeLessThanOrEqual(4);
    expect(stderr).toEqual([]);
  });

  it('still judges every row: one over the per-render cap refuses the batch', async () => {
    const { core } = cappedCore(120);
    const stderr: string[] = [];
    expect(await refuseBatchOverBudget(core, testIo(stderr), requests(6))).toBe(5);
    expect(stderr.join('')).toContain('Request 6 is estimated at 120 credits');
  });
});
