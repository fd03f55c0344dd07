import { coreSaid, type Said, stateParam } from '../../shared/core-messages';
import { coreError, KlingError } from '../../shared/errors';
import { isTerminal, type RenderManifest, startOutcomeUnknown } from '../../shared/job';
import { describeIssues, isRemoteImage, RenderRequest } from '../../shared/render-request';
import type { Storyboard } from '../../shared/storyboard';
import type { ClaimResult } from '../library/claims';
import { createKeyedSerializer } from '../library/serialize';
import { readStoryboard } from './join-storyboard';
import { type StoryboardDeps, uploadedOptions, uploadOnce } from './queue-storyboard';
import type { StoryboardStore } from './storyboard-store';

export type RerenderDeps = Pick<
  StoryboardDeps,
  'inspectImage' | 'uploadImage' | 'estimate' | 'onTotal' | 'queue'
> & {
  store: StoryboardStore;
  readRender(id: string): Promise<RenderManifest | null>;
  /**
   * The library's claims (electron/library/claims.ts): the replaced render's claim is held while
   * its slot is replaced, so two processes never re-render one transition (and pay) twice.
   */
  driver(id: string): Promise<'this' | string | null>;
  claim(id: string): Promise<ClaimResult>;
  release(id: string): Promise<void>;
};

/** One re-render at a time per storyboard in this process (a double click asks twice). */
const oneAtATime = createKeyedSerializer();

/** Why a transition's render may not be replaced now, or null. */
function refusal(index: number, manifest: RenderManifest | null): Said | null {
  if (!manifest) return null;
  const number = index + 1;
  if (!isTerminal(manifest.state))
    return coreSaid('transitionStill', { number, state: stateParam(manifest.state) });
  if (manifest.state === 'needs-attention' || startOutcomeUnknown(manifest))
    return coreSaid('transitionStartUnknown', { number });
  return null;
}

/**
 * Re-renders one transition alone: a new render from keyframe i to keyframe i+1 with the
 * storyboard's prompt and settings replaces that slot (the old render is kept, listed as
 * replaced); the other transitions are untouched. The estimate is reported first (onTotal may
 * refuse it). `index` counts from 0.
 */
export function rerenderTransition(
  deps: RerenderDeps,
  id: string,
  index: number,
): Promise<{ storyboard: Storyboard; render: RenderManifest; total: number | null }> {
  return oneAtATime(id, () => rerenderUnderClaim(deps, id, index));
}

function slotOf(storyboard: Storyboard, id: string, index: number) {
  const slot = storyboard.transitions[index];
  if (!slot) {
    throw coreError('invalid-input', 'transitionOutOfRange', {
      id,
      count: storyboard.transitions.length,
      number: index + 1,
    });
  }
  return slot;
}

/**
 * The slot's render is claimed first (a live process driving it, or re-rendering it, refuses),
 * then the storyboard is read again under the claim: a slot another process replaced meanwhile
 * is not replaced twice.
 */
async function rerenderUnderClaim(deps: RerenderDeps, id: string, index: number) {
  const old = slotOf(await readStoryboard(deps.store, id), id, index).renderId;
  const number = index + 1;
  const driver = await deps.driver(old);
  if (driver === 'this') throw coreError('invalid-input', 'transitionRenderingHere', { number });
  const claimed = await deps.claim(old);
  if (!claimed.ok) {
    throw coreError('invalid-input', 'transitionRenderedElsewhere', {
      number,
      owner: claimed.owner,
    });
  }
  try {
    const storyboard = await readStoryboard(deps.store, id);
    const now = slotOf(storyboard, id, index).renderId;
    if (now !== old) {
      throw coreError('invalid-input', 'transitionRerenderedAlready', { number, render: now });
    }
    return await replaceTransition(deps, storyboard, id, index, old);
  } finally {
    await deps.release(old);
  }
}

/** A new render from keyframe i to i+1 takes the slot; the old one is listed as replaced. */
async function replaceTransition(
  deps: RerenderDeps,
  storyboard: Storyboard,
  id: string,
  index: number,
  old: string,
) {
  const problem = refusal(index, await deps.readRender(old));
  if (problem) throw new KlingError('invalid-input', problem.text, { messageRef: problem.ref });
  const parsed = RenderRequest.safeParse({
    image: storyboard.keyframes[index],
    endFrame: storyboard.keyframes[index + 1],
    prompt: storyboard.prompts[index],
    model: storyboard.model,
    duration: storyboard.duration,
    generateAudio: storyboard.generateAudio,
  });
  if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
  const request = parsed.data;
  const pictures = [request.image as string, request.endFrame as string];
  for (const picture of pictures) if (!isRemoteImage(picture)) await deps.inspectImage(picture);
  // Most often still fresh in the upload cache from the storyboard's own uploads.
  const urls = await uploadOnce(deps, pictures);
  const estimate = await deps.estimate(request);
  deps.onTotal?.(estimate, 1, [estimate]);
  const render = await deps.queue(request, { setId: id, ...uploadedOptions(request, urls) });
  const updated = await deps.store.update(id, (current) => ({
    ...current,
    transitions: current.transitions.map((t, i) =>
      i === index ? { renderId: render.id, replaced: [...t.replaced, old] } : t,
    ),
  }));
  return { storyboard: updated ?? storyboard, render, total: estimate };
}
