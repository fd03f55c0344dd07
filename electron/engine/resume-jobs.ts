import { messageOf } from '../../shared/errors';
import {
  isFailedWithUnknownStart,
  isTerminal,
  JobState,
  pictureCopiesOwed,
  type RenderManifest,
  startOutcomeUnknown,
} from '../../shared/job';
import type { Library, ManifestMutation, RepairSkip } from '../library/library';
import { markNeedsAttention, moveTo } from './job-context';
import { type FoundRunId, foundIn, runIdFor } from './recover-run-ids';
import { PRIORITY_NEW, PRIORITY_STARTED, type Scheduler } from './scheduler';
import { stoppedWaitingOnRun } from './start-errors';
import type { EngineLog, ResumeSummary } from './types';
import { clearWarning } from './warnings';

export interface ResumeDeps {
  library: Pick<Library, 'repair' | 'list' | 'claim' | 'read'>;
  scheduler: Pick<Scheduler, 'isScheduled' | 'releaseClaim' | 'enqueue'>;
  /** Makes a source image copy the job still owes (steps/source-image.ts; never throws). */
  keepSourceImage: (id: string) => Promise<void>;
  /** Saves a change to a job and tells listeners (the engine's change). */
  change: (id: string, mutate: ManifestMutation) => Promise<RenderManifest>;
  /** Run ids written outside render.json: the started-runs journal and the support log. */
  findRunIds: () => Promise<FoundRunId[]>;
  now: () => Date;
  log: EngineLog;
}

/**
 * A render of a partial render's missing videos that its partial render never recorded (a
 * crash between creating it and saving missingRenderedBy) and that never sent its start: a
 * new ask for the missing videos would not find it, so starting it could pay twice.
 */
async function isUnrecordedMissingRender(deps: ResumeDeps, m: RenderManifest): Promise<boolean> {
  if (!m.missingOf || m.startSentAt || m.executionId) return false;
  const partial = await deps.library.read(m.missingOf);
  // A deleted partial render can't be asked again: the render is the only way to its videos.
  return partial !== null && partial.missingRenderedBy !== m.id;
}

const UNRECORDED_MISSING_RENDER =
  'Not started: the process that made it stopped before its partial render recorded it, so no credits were used. Ask for the missing videos again.';

const cancelUnrecorded =
  (now: () => Date): ManifestMutation =>
  (m) => {
    m.state = 'canceled';
    m.error = { kind: 'canceled', message: UNRECORDED_MISSING_RENDER };
    m.history.push({
      state: 'canceled',
      at: now().toISOString(),
      message: UNRECORDED_MISSING_RENDER,
    });
  };

/** Run ids known outside render.json, read only when some render's start outcome is unknown. */
async function knownRunIds(
  deps: ResumeDeps,
  items: readonly RenderManifest[],
): Promise<FoundRunId[]> {
  if (!items.some((m) => startOutcomeUnknown(m))) return [];
  try {
    return await deps.findRunIds();
  } catch (error) {
    deps.log.warn({ error: messageOf(error) }, 'could not look for run ids outside render.json');
    return [];
  }
}

/**
 * A paid run whose id never reached render.json (the write failed, then the process ended)
 * but is in the journal or the log: saved now, and collected like any started job (a render
 * the user stopped waiting for keeps its state, now with the id "Check again" needs).
 */
async function recoverRun(
  deps: ResumeDeps,
  m: RenderManifest,
  found: FoundRunId,
  summary: ResumeSummary,
): Promise<void> {
  const { change, now, scheduler } = deps;
  const message = `Recovered run ${found.executionId} from ${foundIn(found)}`;
  const updated = await change(m.id, (d) => {
    if (!startOutcomeUnknown(d)) return; // saved meanwhile: nothing to recover
    d.executionId = found.executionId;
    if (found.credits && !d.credits) d.credits = found.credits;
    clearWarning(d);
    if (d.state === 'canceled') {
      d.error = stoppedWaitingOnRun();
      d.history.push({ state: 'canceled', at: now().toISOString(), message });
      return;
    }
    delete d.error;
    moveTo(now, 'running', { message })(d);
  });
  deps.log.info(
    { id: m.id, executionId: found.executionId, from: found.source },
    'recovered a run id that never reached render.json',
  );
  summary.recovered = [
    ...(summary.recovered ?? []),
    { id: m.id, executionId: found.executionId, from: found.source },
  ];
  if (updated.state !== 'running') {
    await scheduler.releaseClaim(m.id);
    return;
  }
  summary.resumed.push(m.id);
  await scheduler.enqueue(m.id, PRIORITY_STARTED);
}

const PAGE = 1_000;

/**
 * Renders in every state but done and partial, oldest first (every page): the only ones that
 * may need work. A done or partial render has its run id, so none was lost, and its picture
 * copies were made when its start left. The library may hold 100,000 finished renders: they
 * are never loaded here.
 */
const MAY_NEED_WORK = JobState.options.filter((state) => state !== 'done' && state !== 'partial');

async function rendersThatMayNeedWork(library: ResumeDeps['library']): Promise<RenderManifest[]> {
  const items: RenderManifest[] = [];
  for (;;) {
    const page = await library.list({
      states: MAY_NEED_WORK,
      sort: 'oldest',
      offset: items.length,
      limit: PAGE,
    });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

const REPAIR_SKIPPED: Record<RepairSkip['why'], string> = {
  'driven-elsewhere':
    'a done render seemed to miss a video; left to the live process that holds it (it may be deleting it)',
  gone: 'a done render seemed to miss a video; it was deleted meanwhile',
  changed: 'a done render seemed to miss a video; it changed meanwhile and needs no repair',
};

/**
 * Start-up: picks every unfinished job up where its manifest says, once this process holds
 * its claim. A start that may have reached WeShop without a saved run id is never sent again:
 * its id is looked up in the started-runs journal and the support log (recover-run-ids.ts),
 * and only when neither has it does it become needs-attention
 * (docs/decisions/0001-start-sent-at-and-needs-attention.md).
 */
export async function resumeJobs(deps: ResumeDeps): Promise<ResumeSummary> {
  const { library, scheduler, change, now, keepSourceImage } = deps;
  const repaired = await library.repair();
  for (const skip of repaired.skipped) {
    // Not a problem: another process deletes or drives it (and repairs it if need be).
    deps.log.info({ id: skip.id, why: skip.why, owner: skip.owner }, REPAIR_SKIPPED[skip.why]);
  }
  const summary: ResumeSummary = { resumed: [], needsAttention: [] };
  const ownedElsewhere: string[] = [];
  const items = await rendersThatMayNeedWork(library);
  const found = await knownRunIds(deps, items);
  for (const listed of items) {
    // A copy still owed means a process stopped between the start and the copy (or a cancel).
    // A run id found outside render.json is worth collecting whatever state it ended in.
    const mayNeedWork =
      !isTerminal(listed.state) ||
      isFailedWithUnknownStart(listed) ||
      pictureCopiesOwed(listed) ||
      runIdFor(found, listed) !== null;
    if (!mayNeedWork || scheduler.isScheduled(listed.id)) continue;
    // Only the process holding the claim may touch an unfinished job: another live one
    // may be uploading or waiting for its start answer right now.
    const claimed = await library.claim(listed.id);
    if (!claimed.ok) {
      ownedElsewhere.push(listed.id);
      continue;
    }
    // The index may be behind the process that held it until now: render.json decides.
    const m = await library.read(listed.id);
    if (!m) {
      await scheduler.releaseClaim(listed.id);
      continue;
    }
    if (pictureCopiesOwed(m)) await keepSourceImage(m.id);
    const recovered = runIdFor(found, m);
    if (recovered) {
      await recoverRun(deps, m, recovered, summary);
      continue;
    }
    if (isFailedWithUnknownStart(m)) {
      // Written by an older version as plain 'failed': Retry there could charge twice.
      await change(m.id, markNeedsAttention(now));
      await scheduler.releaseClaim(m.id);
      summary.needsAttention.push(m.id);
      continue;
    }
    if (isTerminal(m.state)) {
      await scheduler.releaseClaim(m.id);
      continue;
    }
    if (startOutcomeUnknown(m)) {
      // The process died between sending the start and saving its answer, and its run id is
      // nowhere: never start again.
      await change(m.id, markNeedsAttention(now));
      await scheduler.releaseClaim(m.id);
      summary.needsAttention.push(m.id);
      continue;
    }
    if (await isUnrecordedMissingRender(deps, m)) {
      await change(m.id, cancelUnrecorded(now));
      await scheduler.releaseClaim(m.id);
      continue;
    }
    summary.resumed.push(m.id);
    await scheduler.enqueue(m.id, m.executionId ? PRIORITY_STARTED : PRIORITY_NEW);
  }
  if (ownedElsewhere.length > 0) summary.ownedElsewhere = ownedElsewhere;
  return summary;
}
