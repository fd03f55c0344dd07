import { isKlingError } from '../../shared/errors';

/** The CLI's exit codes: scripts tell "fix your input" (2) from "it did not work" (1). */
export const EXIT = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  /** 128 + SIGINT, what shells expect after Ctrl-C. */
  interrupted: 130,
} as const;

export const exitCodeFor = (error: unknown): number =>
  isKlingError(error, 'invalid-input') ? EXIT.invalidInput : EXIT.failed;
