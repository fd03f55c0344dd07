import type { CliIo } from '../io';
import { createBarProgress } from './bars';
import { createLineProgress } from './lines';
import type { ProgressReporter } from './types';

export type { ProgressReporter } from './types';

/** Bars when a person watches stderr; plain throttled lines for logs, pipes and --json. */
export function createProgress(io: CliIo, options: { json: boolean }): ProgressReporter {
  if (io.stderr.isTTY && !options.json) {
    return createBarProgress(io.stderr as unknown as NodeJS.WritableStream);
  }
  return createLineProgress({ write: (line) => io.stderr.write(`${line}\n`) });
}
