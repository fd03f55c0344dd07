import type { Said } from '../../shared/core-messages';
import type { RenderManifest } from '../../shared/job';

type Warned = Pick<RenderManifest, 'warning' | 'warningRef'>;

/** A render's warning: the English (CLI, logs, older versions) and its ref, always together. */
export function setWarning(m: Warned, said: Said): void {
  m.warning = said.text;
  m.warningRef = said.ref;
}

/** The warning is over: both halves go, so no stale ref outlives its English. */
export function clearWarning(m: Warned): void {
  delete m.warning;
  delete m.warningRef;
}
