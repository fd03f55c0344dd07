import { isFailedWithUnknownStart, isTerminal, startOutcomeUnknown } from '../../shared/job';
import type { Library, ManifestMutation } from '../library/library';
import { markNeedsAttention } from './job-context';
import { PRIORITY_NEW, PRIORITY_STARTED, type Scheduler } from './scheduler';
import type { ResumeSummary } from './types';

export interface ResumeDeps {
  library: Pick<Library, 'repair' | 'list' | 'claim' | 'read'>;
  scheduler: Pick<Scheduler, 'isScheduled' | 'releaseClaim' | 'enqueue'>;
  /** Makes a source image copy the job still owes (steps/source-image.ts; never throws). */
  keepSourceImage: (id: string) => Promise<void>;
  /** Saves a change to a job and tells listeners (the engine's change). */
  change: (id: string, mutate: ManifestMutation) => Promise<unknown>;
  now: () => Date;
}

/**
 * Start-up: picks every unfinished job up where its manifest says, once this process holds
 * its claim. A start that may have reached WeShop without a saved run id is never sent again:
 * it becomes needs-attention (docs/decisions/0001-start-sent-at-and-needs-attention.md).
 */
export async function resumeJobs(deps: ResumeDeps): Promise<ResumeSummary> {
  const { library, scheduler, change, now, keepSourceImage } = deps;
  await library.repair();
  const summary: ResumeSummary = { resumed: [], needsAttention: [] };
  const ownedElsewhere: string[] = [];
  const { items } = await library.list({ sort: 'oldest' });
  for (const listed of items) {
    // A copy still owed means a process stopped between the start and the copy (or a cancel).
    const mayNeedWork =
      !isTerminal(listed.state) ||
      isFailedWithUnknownStart(listed) ||
      listed.sourceImageCopy === 'pending';
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
    if (m.sourceImageCopy === 'pending') await keepSourceImage(m.id);
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
      // The process died between sending the start and saving its answer: never start again.
      await change(m.id, markNeedsAttention(now));
      await scheduler.releaseClaim(m.id);
      summary.needsAttention.push(m.id);
      continue;
    }
    summary.resumed.push(m.id);
    await scheduler.enqueue(m.id, m.executionId ? PRIORITY_STARTED : PRIORITY_NEW);
  }
  if (ownedElsewhere.length > 0) summary.ownedElsewhere = ownedElsewhere;
  return summary;
}
