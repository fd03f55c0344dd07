import { isTerminal, type RenderManifest } from '../../shared/job';
import { sleep } from '../../shared/sleep';
import type { Core } from '../app/core';
import type { CliIo } from './io';

export type ElsewhereOutcome =
  /** This process drives it now (it was, or it took it over): follow it as usual. */
  | { kind: 'here' }
  /** It ended (here or in the other process): its result is on disk. */
  | { kind: 'ended'; manifest: RenderManifest }
  /** Ctrl-C: stopped waiting; the other process goes on with it. */
  | { kind: 'interrupted' };

/** How often render.json is looked at while another process drives the render. */
const POLL_MS = 500;

/**
 * A render another live Kling Studio process drives (a second `retry --missing` joined the
 * render another process makes): waits for it by reading its render.json, which that process
 * saves at every step, until it ends. If that process lets it go unfinished (it stopped, or
 * died), `takeOver` picks it up here (the engine claims it) and the caller follows it.
 */
export async function waitWhileDrivenElsewhere(
  core: Core,
  io: CliIo,
  id: string,
  takeOver: () => Promise<unknown>,
): Promise<ElsewhereOutcome> {
  const stop = new AbortController();
  const offInterrupt = io.onInterrupt(() => stop.abort());
  let said = false;
  try {
    for (;;) {
      const driver = await core.library.driver(id);
      if (driver === 'this') return { kind: 'here' };
      const m = await core.library.read(id);
      if (!m || isTerminal(m.state)) return m ? { kind: 'ended', manifest: m } : { kind: 'here' };
      if (driver === null) {
        await takeOver(); // claims it here unless another process was quicker: look again
      } else if (!said) {
        said = true;
        io.stderr.write(
          `${id} is being rendered by another Kling Studio process (${driver}); waiting for it here (Ctrl-C stops waiting, not the render)\n`,
        );
      }
      await sleep(POLL_MS, stop.signal);
    }
  } catch (error) {
    if (stop.signal.aborted) return { kind: 'interrupted' };
    throw error;
  } finally {
    offInterrupt();
  }
}
