import type { ModelName } from '../../shared/models';
import type { RunTimings } from '../emulator/types';

/**
 * A polling workload: each model has a median run length (start → Success on the emulator)
 * and every run is drawn uniformly within ±10% of it; the models differ, so each learns its
 * own window.
 */
export type Medians = Partial<Record<ModelName, number>>;
export const SPREAD = 0.1;

/** One planned run: its model and how long the emulator keeps it in each state. */
export interface PlannedRun {
  /** Unique; also the job's prompt, which is how the bench's start hook finds the plan. */
  name: string;
  group: 'teach' | 'cold' | 'measured';
  model: ModelName;
  timings: RunTimings;
}

export const runLengthOf = (plan: PlannedRun) =>
  plan.timings.pendingMs + plan.timings.segmentingMs + plan.timings.runningMs;

/** `perModel` runs of every model, lengths within ±10% of the model's median. */
export function planRuns(
  medians: Medians,
  group: PlannedRun['group'],
  perModel: number,
  random: () => number,
): PlannedRun[] {
  const plans: PlannedRun[] = [];
  for (const [model, median] of Object.entries(medians) as [ModelName, number][]) {
    for (let i = 0; i < perModel; i++) {
      const length = Math.round(median * (1 - SPREAD + 2 * SPREAD * random()));
      // Pending and Segmenting as WeShop shows them; the rest Running.
      const timings = { pendingMs: 3_000, segmentingMs: 5_000, runningMs: length - 8_000 };
      plans.push({ name: `poll bench ${group} ${model} ${i + 1}`, group, model, timings });
    }
  }
  return plans;
}
