import { describe, expect, it } from 'vitest';
import { emulatorPerTest } from './per-test';
import type { RunningEmulator } from './server';
import { type AnyStartBody, agentStartBody, apiFetch, startBody } from './testing';

const start = emulatorPerTest();
const IMAGE = 'https://cdn.example.test/ref.jpg';

async function estimate(emu: RunningEmulator, params: Record<string, unknown>) {
  const response = await apiFetch(emu, '/agent/power-estimates', {
    json: startBody(IMAGE, params),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { totalPower: number; paidPowerNotEnough: boolean } })
    .data;
}

async function startRun(emu: RunningEmulator, params: Record<string, unknown>) {
  const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE, params) });
  return { status: response.status, body: (await response.json()) as Record<string, never> };
}

describe('emulator price table and balance', () => {
  it('prices per model and second, adds the audio surcharge, and multiplies by the batch', async () => {
    const emu = await start();
    // Written out, not computed from the table: the numbers tests and docs rely on.
    const cases: [Record<string, unknown>, number][] = [
      [{ modelName: 'Kling_3_0', duration: '5s' }, 20],
      [{ modelName: 'Kling_3_0', duration: '12s' }, 48],
      [{ modelName: 'Kling_3_0', duration: '5s', generateAudio: 'true' }, 30],
      [{ modelName: 'Kling_2_6', duration: '10s', generateAudio: 'true', batchCount: 2 }, 120],
      [{ modelName: 'Kling_2_5_Turbo', duration: '10s' }, 20],
      [{ modelName: 'Kling_2_1_Master', duration: '5s', batchCount: 3 }, 60],
      [{ modelName: 'Kling_2_1', duration: '5s', batchCount: 16 }, 160],
    ];
    for (const [params, price] of cases) {
      expect((await estimate(emu, params)).totalPower, JSON.stringify(params)).toBe(price);
    }
  });

  it('prices every agent: Omni 1.5× Kling 3.0 (audio too), O1 like Kling 3.0, Motion Control per video; a start charges what the estimate said', async () => {
    const emu = await start();
    const VIDEO = 'https://media.example.test/moves.mp4';
    const text = { textDescription: 'go' };
    // Written out, not computed from the table: the numbers tests and docs rely on.
    const cases: [AnyStartBody, number][] = [
      [agentStartBody('kling-v3-omni', { params: text }), 30],
      [agentStartBody('kling-v3-omni', { params: { ...text, duration: '10s' } }), 60],
      [agentStartBody('kling-v3-omni', { params: { ...text, generateAudio: 'true' } }), 45],
      [
        agentStartBody('kling-v3-omni', {
          images: [IMAGE],
          video: VIDEO,
          params: { ...text, duration: '15s', generateAudio: 'true', batchCount: 2 },
        }),
        270,
      ],
      [agentStartBody('kling-O1', { params: text }), 20],
      [agentStartBody('kling-O1', { params: { ...text, duration: '10s', batchCount: 3 } }), 120],
      [
        agentStartBody('kling-O1', {
          images: [IMAGE, IMAGE],
          params: { ...text, modelName: 'Kling_Video_O1_I2V', duration: '3s' },
        }),
        12,
      ],
      [agentStartBody('kling-motion-control', { images: [IMAGE], video: VIDEO }), 30],
      [
        agentStartBody('kling-motion-control', {
          images: [IMAGE],
          video: VIDEO,
          params: { ...text, batchCount: 4 },
        }),
        120,
      ],
      // A last frame costs nothing more.
      [agentStartBody('kling', { images: [IMAGE, IMAGE], params: text }), 20],
    ];
    let balance = emu.powerBalance();
    for (const [body, price] of cases) {
      const label = JSON.stringify(body.params);
      const quoted = await apiFetch(emu, '/agent/power-estimates', { json: body });
      expect(quoted.status, label).toBe(200);
      const quote = ((await quoted.json()) as { data: { totalPower: number; type: string } }).data;
      expect(quote, label).toMatchObject({ totalPower: price, type: body.agent.name });
      const started = await apiFetch(emu, '/agent/runs', { json: body });
      expect(started.status, label).toBe(200);
      balance -= price;
      const data = ((await started.json()) as { data: Record<string, number> }).data;
      expect(data, label).toMatchObject({ powerConsumption: price, powerBalanceAmount: balance });
    }
    expect(emu.powerBalance()).toBe(balance);
  });

  it('draws the balance down by what each start costs, and the estimate matches the charge', async () => {
    const emu = await start({ powerBalance: 100 });
    const params = { modelName: 'Kling_3_0', duration: '5s', batchCount: 2 };
    const quoted = await estimate(emu, params);
    const started = await startRun(emu, params);
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({
      powerConsumption: quoted.totalPower,
      powerBalanceAmount: 100 - quoted.totalPower,
    });
    expect(emu.powerBalance()).toBe(60);
  });

  it('says paidPowerNotEnough once the balance is short, and refuses that start with 402, charging nothing', async () => {
    const emu = await start({ powerBalance: 45 });
    const cheap = { modelName: 'Kling_3_0', duration: '5s' }; // 20
    expect((await estimate(emu, cheap)).paidPowerNotEnough).toBe(false);
    expect((await startRun(emu, cheap)).status).toBe(200);
    expect((await startRun(emu, cheap)).status).toBe(200);
    expect(emu.powerBalance()).toBe(5);
    expect((await estimate(emu, cheap)).paidPowerNotEnough).toBe(true);
    const refused = await startRun(emu, cheap);
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({
      success: false,
      error: { code: 40002, message: 'Insufficient power balance', retryable: false },
    });
    expect(emu.powerBalance()).toBe(5);
    expect(emu.runCount()).toBe(2);
  });
});
