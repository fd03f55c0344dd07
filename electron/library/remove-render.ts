import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { coreSaid, type MessageParam, saidParam, stateParam } from '../../shared/core-messages';
import { coreError, type KlingError, renderNotFound } from '../../shared/errors';
import {
  isRetryable,
  isTerminal,
  type RenderManifest,
  runMayStillBeCharging,
  startMayBeInFlight,
} from '../../shared/job';
import type { createClaims } from './claims';
import { diskError, THEN_DELETE_AGAIN } from './disk-errors';
import { folderBytes } from './disk-usage';
import { isRenderId } from './ids';
import { renderDir } from './layout';
import { readManifestFile } from './manifest-file';
import type { createRenderIndex } from './render-index';
import { pendingTrashPath } from './trash-place';

export interface RemoveRenderOptions {
  /**
   * The user was told that WeShop may still be making (and charging for) this render's run and
   * that its videos will not be collected, and deletes it anyway (shared/job.ts
   * runMayStillBeCharging). Without it such a render is refused.
   */
  confirmPaidRun?: boolean;
  /**
   * Move the folder to <home>/trash-pending/<id> instead of deleting it, and keep the render's
   * claim: the app's Undo moves it back, else it goes to the OS trash (pending-trash.ts). The
   * claim tells other processes (and the next start after a crash) that a live one holds it.
   */
  keepForUndo?: boolean;
}

export interface RemoveRenderDeps {
  home: string;
  claims: Pick<ReturnType<typeof createClaims>, 'driver' | 'claim' | 'release' | 'forget'>;
  index: Pick<ReturnType<typeof createRenderIndex>, 'has' | 'get' | 'beginWrite' | 'endWrite'>;
}

const drivenElsewhere = (owner: string) =>
  coreError('invalid-input', 'drivenElsewhere', {
    owner,
    whatToDo: saidParam(coreSaid('drivenStop')),
  });

/** What collects a paid run's videos instead of deleting them, when anything can. */
function collectHint(m: RenderManifest): MessageParam {
  if (!m.executionId) return '';
  if (isRetryable(m.state)) return saidParam(coreSaid('collectByRetry', { id: m.id }));
  if (!isTerminal(m.state)) return saidParam(coreSaid('collectByResume'));
  return '';
}

/** This process holds the claim: the job runs or waits here, and its runner may still save a run id. */
const drivenHere = (m: RenderManifest) =>
  isTerminal(m.state)
    ? coreError('invalid-input', 'deleteFinishingHere')
    : coreError('invalid-input', 'deleteStillHere', { state: stateParam(m.state) });

/** Why a render no live process drives may not be deleted now, or null when it may. */
function removeRefusal(m: RenderManifest, options: RemoveRenderOptions): KlingError | null {
  if (startMayBeInFlight(m)) {
    // No live process holds it (checked before): the one that sent the start has stopped.
    return coreError('invalid-input', 'deleteStartInFlight', { at: m.startSentAt ?? '' });
  }
  if (runMayStillBeCharging(m) && options.confirmPaidRun !== true) {
    const detail = m.executionId
      ? coreSaid('runNotFinished', { runId: m.executionId })
      : coreSaid('startMayHaveReached');
    return coreError('invalid-input', 'deleteMayBeCharging', {
      detail: saidParam(detail),
      collect: collectHint(m),
      id: m.id,
    });
  }
  return null;
}

/** render.json decides (another process may have changed it); the index's copy if unreadable. */
async function currentManifest(deps: RemoveRenderDeps, id: string): Promise<RenderManifest> {
  const read = await readManifestFile(deps.home, id);
  if (read.kind === 'ok') return read.manifest;
  const indexed = deps.index.get(id);
  if (!indexed) throw renderNotFound(id);
  return indexed;
}

/** A rename within the home: atomic, so the folder is either in the library or set aside. */
async function moveAside(folder: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await rename(folder, to);
}

/**
 * Deletes a render's folder (or sets it aside for Undo: keepForUndo), unless a live process drives it or deleting it could lose a paid
 * run (removeRefusal). The claim is held from the check until the folder is gone, so no other
 * process can pick the render up (resume, retry) in between. Callers serialise it per id.
 */
export async function removeRender(
  deps: RemoveRenderDeps,
  id: string,
  options: RemoveRenderOptions = {},
): Promise<{ freedBytes: number }> {
  const { claims, index } = deps;
  if (!isRenderId(id) || !index.has(id)) throw renderNotFound(id);
  const driver = await claims.driver(id);
  if (driver === 'this') throw drivenHere(await currentManifest(deps, id));
  if (driver !== null) throw drivenElsewhere(driver);
  const claimed = await claims.claim(id);
  if (!claimed.ok) throw drivenElsewhere(claimed.owner); // taken since we looked
  try {
    const refusal = removeRefusal(await currentManifest(deps, id), options);
    if (refusal) throw refusal;
  } catch (error) {
    await claims.release(id);
    throw error;
  }
  const folder = renderDir(deps.home, id);
  const freedBytes = await folderBytes(folder);
  await index.beginWrite(id);
  try {
    if (options.keepForUndo === true) await moveAside(folder, pendingTrashPath(deps.home, id));
    else await rm(folder, { recursive: true, force: true });
  } catch (error) {
    index.endWrite(id, undefined);
    await claims.release(id);
    throw diskError(error, folder, THEN_DELETE_AGAIN);
  }
  index.endWrite(id, null);
  if (options.keepForUndo !== true) await claims.forget(id);
  return { freedBytes };
}
