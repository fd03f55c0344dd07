import { describe, expect, it } from 'vitest';
import { emulatorPerTest } from './per-test';
import type { RunningEmulator } from './server';
import { apiFetch, startBody } from './testing';

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
