import { MOTION_CONTROL_KEY } from './agents';
import type { AcceptedParams } from './validation';

/** Credits per second of one video, plus a per-second surcharge when audio is generated. */
export interface PerSecondPrice {
  perSecond: number;
  audioPerSecond: number;
}
/** Credits per video, whatever its length (Motion Control: the motion clip sets the length). */
export interface PerVideoPrice {
  perVideo: number;
}

/**
 * The emulator's made-up but deterministic price table, per model (Motion Control, which sends
 * no model, under its agent name). A start and a power estimate of the same body always agree.
 * Written out here (not in shared/) so tests compute expected prices independently of the client.
 * Omni costs 1.5× Kling 3.0, O1 like Kling 3.0 without audio.
 */
export const PRICE_TABLE: Readonly<Record<string, PerSecondPrice | PerVideoPrice>> = {
  Kling_3_0: { perSecond: 4, audioPerSecond: 2 },
  Kling_2_6: { perSecond: 4, audioPerSecond: 2 },
  Kling_2_5_Turbo: { perSecond: 2, audioPerSecond: 0 },
  Kling_2_1_Master: { perSecond: 4, audioPerSecond: 0 },
  Kling_2_1: { perSecond: 2, audioPerSecond: 0 },
  Kling_V3_Omni: { perSecond: 6, audioPerSecond: 3 },
  Kling_Video_O1_Ele: { perSecond: 4, audioPerSecond: 0 },
  Kling_Video_O1_I2V: { perSecond: 4, audioPerSecond: 0 },
  [MOTION_CONTROL_KEY]: { perVideo: 30 },
};

/**
 * Per second: (per second + audio surcharge per second) × seconds × batchCount.
 * Per video: the price × batchCount.
 */
export function powerCost(model: string, params: AcceptedParams): number {
  const price = PRICE_TABLE[model] ?? { perSecond: 4, audioPerSecond: 0 };
  if ('perVideo' in price) return price.perVideo * params.batchCount;
  const seconds = Number.parseInt(params.duration ?? '5s', 10);
  const perSecond = price.perSecond + (params.generateAudio === 'true' ? price.audioPerSecond : 0);
  return perSecond * seconds * params.batchCount;
}
