import { canAttachRun, RunId, whyNotAttachable } from '../../shared/attach';
import { coreSaid, listParam, type Said, saidParam, videosParam } from '../../shared/core-messages';
import {
  coreError,
  errorParam,
  isKlingError,
  KlingError,
  renderNotFound,
} from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { MODEL_CATALOGUE } from '../../shared/models';
import { describeIssues } from '../../shared/render-request';
import type { RunSnapshot } from '../../shared/weshop-api';
import type { Library, ManifestMutation } from '../library/library';
import type { WeShopApi } from '../weshop/types';
import { PRIORITY_STARTED, type Scheduler } from './scheduler';
import type { EngineLog } from './types';
import { clearWarning } from './warnings';

export interface AttachDeps {
  library: Pick<Library, 'read' | 'list' | 'claim'>;
  api: Pick<WeShopApi, 'getRun'>;
  scheduler: Pick<Scheduler, 'enqueue' | 'isScheduled' | 'releaseClaim'>;
  /** Saves a change to a job and tells listeners (the engine's change). */
  change: (id: string, mutate: ManifestMutation) => Promise<RenderManifest>;
  now: () => Date;
  log: EngineLog;
}

/** Renders looked at per list call (a page at a time, never the library whole). */
const PAGE = 1_000;

/** A refusal in the core's words (English for the CLI, its id for the app). */
const refuse = (said: Said) => new KlingError('invalid-input', said.text, { messageRef: said.ref });

function parseRunId(input: string): string {
  const parsed = RunId.safeParse(input);
  if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
  return parsed.data;
}

/** The render that holds this run id already, if any (every page of the library). */
async function holderOf(
  library: AttachDeps['library'],
  runId: string,
): Promise<RenderManifest | undefined> {
  let seen = 0;
  for (;;) {
    const page = await library.list({ sort: 'newest', offset: seen, limit: PAGE });
    const holder = page.items.find((m) => m.executionId === runId);
    if (holder) return holder;
    seen += page.items.length;
    if (page.items.length === 0 || seen >= page.total) return undefined;
  }
}

/** One poll of the run; WeShop's "not found" is the user's wrong id, said as such. */
async function pollOnce(deps: AttachDeps, m: RenderManifest, runId: string): Promise<RunSnapshot> {
  try {
    return await deps.api.getRun(runId);
  } catch (error) {
    if (isKlingError(error, 'not-found')) {
      throw coreError('invalid-input', 'attachNoSuchRun', { runId, id: m.id });
    }
    if (error instanceof KlingError) {
      throw coreError(
        error.kind,
        'attachCheckFailed',
        { runId, id: m.id, reason: errorParam(error) },
        { retryable: error.retryable, ...(error.status ? { status: error.status } : {}) },
      );
    }
    throw error;
  }
}

/**
 * How the run differs from the render, one phrase per field the run reports (a field it does
 * not report is not held against it: WeShop's answers vary).
 */
export function runMismatches(m: RenderManifest, snapshot: RunSnapshot): Said[] {
  const reported = snapshot.reported ?? {};
  const differs: Said[] = [];
  const agent = m.request.agent;
  if (reported.agentName !== undefined && reported.agentName !== agent) {
    differs.push(coreSaid('mismatchAgent', { reported: reported.agentName, agent }));
  }
  // Motion Control sends no model: whatever model its run reports is not ours to compare.
  const sentModel = MODEL_CATALOGUE[m.request.model].sendsModel;
  if (sentModel && reported.modelName !== undefined && reported.modelName !== m.request.model) {
    differs.push(
      coreSaid('mismatchModel', { reported: reported.modelName, model: m.request.model }),
    );
  }
  if (reported.batchCount !== undefined && reported.batchCount !== m.request.batchCount) {
    differs.push(
      coreSaid('mismatchVideos', {
        reported: videosParam(reported.batchCount),
        asked: videosParam(m.request.batchCount),
      }),
    );
  }
  return differs;
}

/** The found run becomes the render's: collectable by the normal poll → download. */
function attachMutation(runId: string, snapshot: RunSnapshot, now: () => Date): ManifestMutation {
  return (m) => {
    // Decided again inside the serialised update: a retry elsewhere may have moved it on.
    if (!canAttachRun(m)) throw refuse(whyNotAttachable(m));
    const message = `Attached run ${runId} found by the user`;
    m.executionId = runId; // with the run id saved, the start's outcome is known
    m.state = 'running';
    m.remoteState = snapshot.state;
    delete m.error;
    clearWarning(m);
    m.history.push({
      state: 'running',
      at: now().toISOString(),
      remoteState: snapshot.state,
      message,
    });
    return m;
  };
}

async function attachClaimed(
  deps: AttachDeps,
  m: RenderManifest,
  runId: string,
): Promise<RenderManifest> {
  const holder = await holderOf(deps.library, runId);
  if (holder) {
    throw refuse(coreSaid('attachRunTaken', { runId, holder: holder.id, id: m.id }));
  }
  const snapshot = await pollOnce(deps, m, runId);
  const differs = listParam(runMismatches(m, snapshot));
  if (differs !== undefined) {
    throw refuse(coreSaid('attachMismatch', { runId, id: m.id, differs }));
  }
  const updated = await deps.change(m.id, attachMutation(runId, snapshot, deps.now));
  deps.log.info({ id: m.id, executionId: runId }, 'run attached by the user; collecting it');
  return updated;
}

/**
 * `attach(id, runId)`: the run the user found on WeShop for a render whose start outcome is
 * unknown. Checked before anything is saved: the id's shape (before any request), the
 * render's state, this process's claim on it, that no other render holds the run, and one
 * poll showing the run matches the render. Then the id is saved and the job queued: the
 * normal poll → download collects it. No start is ever sent here.
 */
export async function attachRun(
  deps: AttachDeps,
  id: string,
  runIdInput: string,
): Promise<RenderManifest> {
  const runId = parseRunId(runIdInput);
  const current = await deps.library.read(id);
  if (!current) throw renderNotFound(id);
  if (!canAttachRun(current)) throw refuse(whyNotAttachable(current));
  // Only the process holding the claim may change a job's course (decision 0004).
  const claimed = await deps.library.claim(id);
  if (!claimed.ok) {
    throw refuse(
      coreSaid('drivenElsewhere', {
        owner: claimed.owner,
        whatToDo: saidParam(coreSaid('drivenAttach')),
      }),
    );
  }
  let updated: RenderManifest;
  try {
    updated = await attachClaimed(deps, current, runId);
  } catch (error) {
    if (!deps.scheduler.isScheduled(id)) await deps.scheduler.releaseClaim(id);
    throw error;
  }
  await deps.scheduler.enqueue(id, PRIORITY_STARTED);
  return updated;
}
