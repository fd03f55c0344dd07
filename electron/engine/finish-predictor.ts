import { MODEL_CATALOGUE } from '../../shared/models';
import type { RenderRequest } from '../../shared/render-request';
import type { RunSample } from '../library/run-history';

type RunShape = RunSample['request'];

/**
 * When a run is expected to reach Success, in ms after its start request: a finish before
 * `earliestMs` or after `latestMs` is unlikely. The poll schedule (poll-policy.ts) polls
 * rarely before the window, often inside it, and backs off after it.
 */
export interface FinishPrediction {
  earliestMs: number;
  likelyMs: number;
  latestMs: number;
  /** history: this library's own runs; prior: the model catalogue's rough figure. */
  basis: 'history' | 'prior';
  /** Samples the prediction rests on (0 for a prior). */
  samples: number;
}

/** Samples needed before history replaces the prior (fewer say too little about the spread). */
export const MIN_SAMPLES = 3;
/** A prior is a guess: the window runs from a quarter to three times the typical time. */
const PRIOR_EARLIEST = 0.25;
const PRIOR_LATEST = 3;
/** The window never hugs the samples closer than this fraction of the likely time. */
const MIN_PAD_FRACTION = 0.05;
/** Samples this far from the median (a ratio) are not the same kind of run. */
const OUTLIER_RATIO = 3;
/**
 * A bracket wider than this fraction of its middle says little (e.g. the computer slept
 * between two polls); such samples are left out while enough precise ones remain.
 */
const IMPRECISE_FRACTION = 0.25;

/**
 * How run time grows with the request, relative to a 5 s clip, batch 1, no audio. Rough
 * (longer clips take longer but not proportionally; audio adds a pass; a batch of more than
 * four is more than one execution); used to rescale a model's other runs and its prior.
 */
export function runTimeFactor(shape: RunShape): number {
  const seconds = Number.parseInt(shape.duration, 10);
  const executions = Math.ceil(shape.batchCount / 4);
  return (
    (0.4 + 0.6 * (seconds / 5)) * (shape.generateAudio ? 1.1 : 1) * (1 + 0.1 * (executions - 1))
  );
}

/** The catalogue's prior for this request: wide, because it is not this user's WeShop. */
export function priorFinish(request: RunShape): FinishPrediction {
  const likelyMs = MODEL_CATALOGUE[request.model].typicalRunSeconds * 1000 * runTimeFactor(request);
  return {
    earliestMs: Math.round(likelyMs * PRIOR_EARLIEST),
    likelyMs: Math.round(likelyMs),
    latestMs: Math.round(likelyMs * PRIOR_LATEST),
    basis: 'prior',
    samples: 0,
  };
}

const sameShape = (a: RunShape, b: RunShape) =>
  a.model === b.model &&
  a.duration === b.duration &&
  a.batchCount === b.batchCount &&
  a.generateAudio === b.generateAudio;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Bracket {
  from: number;
  to: number;
}

/**
 * The finish window of the next run like `request`, from past runs (newest first): the same
 * model, duration, batch and audio when there are enough of those, else the model's other
 * runs rescaled (runTimeFactor), else the prior.
 */
export function predictFinish(request: RunShape, history: readonly RunSample[]): FinishPrediction {
  const model = history.filter((s) => s.request.model === request.model);
  const exact = model.filter((s) => sameShape(s.request, request));
  const chosen = exact.length >= MIN_SAMPLES ? exact : model;
  const scale = (s: RunSample) => runTimeFactor(request) / runTimeFactor(s.request);
  let brackets: Bracket[] = chosen.map((s) => ({
    from: s.notFinalAtMs * scale(s),
    to: s.finalByMs * scale(s),
  }));
  const keepIfEnough = (keep: (b: Bracket) => boolean) => {
    const kept = brackets.filter(keep);
    if (kept.length >= MIN_SAMPLES) brackets = kept;
  };
  const middleOf = (b: Bracket) => (b.from + b.to) / 2;
  keepIfEnough((b) => b.to - b.from <= IMPRECISE_FRACTION * middleOf(b));
  if (brackets.length >= MIN_SAMPLES) {
    const middle = median(brackets.map(middleOf));
    keepIfEnough(
      (b) => middleOf(b) <= middle * OUTLIER_RATIO && middleOf(b) >= middle / OUTLIER_RATIO,
    );
  }
  if (brackets.length < MIN_SAMPLES) return priorFinish(request);

  // Each past finish lies inside its bracket, so the runs seen so far finished between the
  // lowest `from` and the highest `to`. The next one may land a little outside that range:
  // pad by the gap one more sample would be expected to add, and never less than 5%.
  const likelyMs = median(brackets.map(middleOf));
  const lowest = Math.min(...brackets.map((b) => b.from));
  const highest = Math.max(...brackets.map((b) => b.to));
  const pad = Math.max(MIN_PAD_FRACTION * likelyMs, (highest - lowest) / (brackets.length + 1));
  return {
    earliestMs: Math.round(Math.max(0, lowest - pad)),
    likelyMs: Math.round(likelyMs),
    latestMs: Math.round(highest + pad),
    basis: 'history',
    samples: brackets.length,
  };
}

/** predictFinish over the library's recent runs of the model; the prior if reading fails. */
export async function predictFromHistory(
  request: RunShape,
  readHistory: (model: RenderRequest['model']) => Promise<RunSample[]>,
  onError: (error: unknown) => void,
): Promise<FinishPrediction> {
  try {
    return predictFinish(request, await readHistory(request.model));
  } catch (error) {
    onError(error);
    return priorFinish(request);
  }
}
