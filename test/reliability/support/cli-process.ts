// The crash matrix drives the same real CLI process as test/cli: one spawn helper for both.
import { type CliRun, manifestsOnDisk, spawnCli as spawn } from '../../cli/helpers';

export type Exit = CliRun;
export const manifestsIn = manifestsOnDisk;

/** `command` replaces `node --import tsx electron/cli/main.ts` (e.g. to load a test hook too). */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  command?: string[],
  timeoutMs = 60_000,
) {
  const { child, done } = spawn(args, command ? { env, timeoutMs, command } : { env, timeoutMs });
  return { child, exited: done };
}
