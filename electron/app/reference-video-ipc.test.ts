/**
 * A reference video on this computer (loopback http) is only for the emulator: against WeShop's
 * own API every IPC path that could send it (estimate, queue, a set's estimate and queue) refuses
 * it before any request, saying why and what to use instead.
 */
import { describe, expect, it } from 'vitest';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';

const openCore = corePerTest('kling-reference-video-ipc-');
const LOCAL_VIDEO = 'http://127.0.0.1:9/clip.mp4';

describe('a loopback reference video against the real API', () => {
  it('is refused by render:estimate, render:queue and both set channels, sending nothing', async () => {
    const sent: string[] = [];
    const { core } = await openCore({
      fetch: async (input) => {
        sent.push(String(input));
        throw new Error('no request may leave');
      },
    });
    await core.secrets.set('reference-video-key-0123456789');
    const dispatch = createIpcDispatch(core, quietPlatform());
    const single = { prompt: 'a kite', agent: 'kling-v3-omni', referenceVideo: LOCAL_VIDEO };
    const set = {
      referenceVideo: LOCAL_VIDEO,
      prompts: ['a kite'],
      models: ['Kling_V3_Omni'],
      durations: [],
    };
    for (const [channel, payload] of [
      ['render:estimate', single],
      ['render:queue', single],
      ['render:estimate-set', set],
      ['render:queue-set', set],
    ] as const) {
      const answer = await dispatch(channel, payload);
      expect(answer, channel).toEqual({
        ok: false,
        error: expect.objectContaining({
          kind: 'invalid-input',
          message: expect.stringContaining('is on this computer, which WeShop cannot reach'),
        }),
      });
    }
    expect(sent).toEqual([]);
    expect((await core.library.list()).total).toBe(0);
  });
});
