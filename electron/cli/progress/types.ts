import { type DownloadProgress, isTerminal, type RenderManifest } from '../../../shared/job';

/** Receives the engine's events for the renders a command is waiting on. */
export interface ProgressReporter {
  update(manifest: RenderManifest): void;
  progress(progress: DownloadProgress): void;
  /** Final: stops timers and hands the terminal back. */
  stop(): void;
}

/** "running (Pending)", "downloading": what a person needs to see about a render right now. */
export function stateLabel(manifest: RenderManifest): string {
  if (manifest.state === 'running' && manifest.remoteState) {
    return `running (${manifest.remoteState})`;
  }
  return manifest.state;
}

/** The warning of a render still going by itself (polls failing, WeShop busy), on one line. */
export function activeWarning(manifest: RenderManifest): string | null {
  if (!manifest.warning || isTerminal(manifest.state)) return null;
  return manifest.warning.replace(/\s+/g, ' ').trim();
}

export const elapsedSeconds = (fromMs: number, nowMs: number) =>
  `${Math.max(0, Math.round((nowMs - fromMs) / 1000))}s`;
