import { isKlingError } from '../../shared/errors';

/**
 * The CLI's exit codes: scripts tell "fix your input" (2) from "it did not work" (1), and the
 * two outcomes that need a person's decision from both: a batch WeShop delivered only part of
 * (3: the delivered videos are on disk; `retry <id> --missing` renders the rest) and a start
 * whose outcome is unknown (4: retrying may charge twice, so it is never done on its own),
 * and a render a budget cap refused before anything was started (5).
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  partial: 3,
  needsAttention: 4,
  /** A budget cap (--max-credits or Settings) refused the render before any start request. */
  overBudget: 5,
  /** 128 + SIGINT, what shells expect after Ctrl-C. */
  interrupted: 130,
} as const;

export const exitCodeFor = (error: unknown): number =>
  isKlingError(error, 'invalid-input')
    ? EXIT.invalidInput
    : isKlingError(error, 'needs-attention')
      ? EXIT.needsAttention
      : EXIT.failed;

/** How one render ended, for the exit code (see jobResult). */
export type JobOutcome = 'ok' | 'partial' | 'needs-attention' | 'failed';

/**
 * One code for several renders: anything that failed outright wins (1), then anything that
 * needs a decision (4), then a partly delivered batch (3); 0 only when every render is done
 * with every video on disk.
 */
export function exitCodeForOutcomes(outcomes: readonly JobOutcome[]): number {
  if (outcomes.includes('failed')) return EXIT.failed;
  if (outcomes.includes('needs-attention')) return EXIT.needsAttention;
  if (outcomes.includes('partial')) return EXIT.partial;
  return EXIT.ok;
}
