import type { RenderManifest } from '../../shared/job';
import type { RequestRecord } from '../weshop/http';
import type { Logger } from './logger';

/** States a user (or support) must look at: logged as warnings, with the error. */
const NEEDS_A_LOOK = new Set<string>(['failed', 'needs-attention', 'partial']);

interface Seen {
  state: string;
  remoteState: string | undefined;
  warning: string | undefined;
}

/**
 * Turns the engine's job:update stream into one log line per state change (id, from → to,
 * remote state, message) instead of one per manifest write: a poll that changes nothing
 * writes nothing. A new warning on a job (polls failing in a row) is a line of its own.
 */
export function createJobLog(logger: Logger): (manifest: RenderManifest) => void {
  const seen = new Map<string, Seen>();
  return (manifest) => {
    const before = seen.get(manifest.id);
    const now: Seen = {
      state: manifest.state,
      remoteState: manifest.remoteState,
      warning: manifest.warning,
    };
    seen.set(manifest.id, now);
    // A terminal job is not going to change again in this process: forget it (10,000 renders).
    if (['done', 'canceled'].includes(manifest.state)) seen.delete(manifest.id);

    const fields = {
      job: manifest.id,
      // The first update this process sees of a job: the previous state is in its history.
      from: before?.state ?? manifest.history.at(-2)?.state ?? null,
      to: manifest.state,
      ...(manifest.remoteState ? { remoteState: manifest.remoteState } : {}),
      ...(manifest.executionId ? { executionId: manifest.executionId } : {}),
      ...(manifest.history.at(-1)?.message ? { message: manifest.history.at(-1)?.message } : {}),
      ...(manifest.error ? { error: manifest.error } : {}),
      ...(manifest.serverMessage ? { serverMessage: manifest.serverMessage } : {}),
    };
    if (!before || before.state !== now.state || before.remoteState !== now.remoteState) {
      if (NEEDS_A_LOOK.has(manifest.state)) logger.warn('job state', fields);
      else logger.info('job state', fields);
    }
    if (now.warning && now.warning !== before?.warning) {
      logger.warn('job warning', { job: manifest.id, state: manifest.state, warning: now.warning });
    }
  };
}

/** One line per WeShop request: info when it worked, warn when it did not. */
export function logRequest(logger: Logger): (record: RequestRecord) => void {
  return (record) => {
    if (record.outcome === 'ok') logger.info('weshop request', { ...record });
    else logger.warn('weshop request', { ...record });
  };
}
