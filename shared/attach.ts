import { z } from 'zod';
import { coreSaid, type Said, stateParam } from './core-messages';
import { type RenderManifest, startOutcomeUnknown } from './job';
import { valueIssue } from './render-checks';

/**
 * "I found the run": a render whose start may have reached WeShop without its run id coming
 * back (needs-attention, or an older version's plain 'failed') gets the id the user found in
 * WeShop's history, and is collected like any started render: no new start, no new charge.
 */

/** The longest run id accepted: WeShop's are far shorter; this only keeps garbage out. */
export const RUN_ID_MAX = 128;

/**
 * A run id as the user pastes it (surrounding spaces dropped). WeShop publishes no format, so
 * this only refuses what cannot be one: empty, too long, or characters an id never has (it
 * goes into a URL path), before any request is sent.
 */
export const RunId = z
  .string()
  .trim()
  // One reason at a time (an empty id is not also "bad characters"), each with its check id
  // so the app says it in the chosen language; the CLI keeps the English message.
  .superRefine((id, ctx) => {
    if (id.length === 0) ctx.addIssue(valueIssue('runIdRequired'));
    else if (id.length > RUN_ID_MAX) ctx.addIssue(valueIssue('runIdTooLong', { max: RUN_ID_MAX }));
    else if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) ctx.addIssue(valueIssue('runIdCharacters'));
  });

type AttachFacts = Pick<RenderManifest, 'state' | 'startSentAt' | 'executionId'>;

/**
 * Whether a found run may be attached: only while the start's outcome is unknown (a start
 * was sent, no run id saved) and nothing drives the render (it ended needs-attention, or an
 * older version left it 'failed').
 */
export const canAttachRun = (m: AttachFacts): boolean =>
  startOutcomeUnknown(m) && (m.state === 'needs-attention' || m.state === 'failed');

/**
 * Why a render cannot take a found run (for a render canAttachRun refuses): the English the
 * CLI prints and its message id, so the app says it in the chosen language.
 */
export function whyNotAttachable(m: AttachFacts & Pick<RenderManifest, 'id'>): Said {
  if (m.executionId) return coreSaid('attachAlreadyHasRun', { id: m.id, runId: m.executionId });
  if (!m.startSentAt) {
    return coreSaid('attachNeverStarted', { id: m.id, state: stateParam(m.state) });
  }
  return coreSaid('attachOnlyNeedsAttention', { id: m.id, state: stateParam(m.state) });
}
