import type { ImageInfo } from '../../shared/ipc';
import type { Draft } from './draft';
import { MORE_SLOTS, type PictureSlot } from './picture-slots';
import type { AppState } from './types';

/**
 * The form's picture places: picture 1 (first frame, character or reference image 1), the end
 * frame, and reference images 2–4 (more1…more3: draft.moreImages[0…2]).
 */
// The slot names live with the store's types (picture-slots.ts): types.ts needs them too.
export { MORE_SLOTS, type PictureSlot } from './picture-slots';

type MoreSlot = (typeof MORE_SLOTS)[number];

const moreIndex = (slot: MoreSlot) => MORE_SLOTS.indexOf(slot);

/** The path the draft holds for a slot ('' when empty). */
export function slotPath(draft: Draft, slot: PictureSlot): string {
  if (slot === 'image') return draft.image;
  if (slot === 'endFrame') return draft.endFrame;
  return draft.moreImages[moreIndex(slot)] ?? '';
}

/** The draft with a slot's path set; a reference slot past the end is appended (no gaps). */
export function withSlotPath(draft: Draft, slot: PictureSlot, path: string): Draft {
  if (slot === 'image') return { ...draft, image: path };
  if (slot === 'endFrame') return { ...draft, endFrame: path };
  const more = [...draft.moreImages];
  const index = Math.min(moreIndex(slot), more.length);
  more[index] = path;
  return { ...draft, moreImages: more };
}

/**
 * The draft without a slot's picture. A reference image taken out of the middle lets the later
 * ones move up (the prompt's numbers follow the order), and the note says which moved.
 */
export function withoutSlot(draft: Draft, slot: PictureSlot): { draft: Draft; note?: string } {
  if (slot === 'endFrame') return { draft: withSlotPath(draft, slot, '') };
  // Picture 1 is reference image 1: the next reference takes its place.
  const all = [draft.image, ...draft.moreImages];
  const index = slot === 'image' ? 0 : moreIndex(slot) + 1;
  const kept = all.filter((_, i) => i !== index);
  const next = { ...draft, image: kept[0] ?? '', moreImages: kept.slice(1) };
  const moved = all.length - 1 - index;
  if (moved <= 0) return { draft: next };
  const from = index + 2;
  const note =
    moved === 1
      ? `Image ${from} is now image ${from - 1}: check the numbers in your prompt.`
      : `Images ${from}–${from + moved - 1} are now images ${from - 1}–${from + moved - 2}: check the numbers in your prompt.`;
  return { draft: next, note };
}

/** What a slot shows: its path, the checked picture, whether it is busy, and why it failed. */
export interface PictureView {
  path: string;
  info: ImageInfo | null;
  busy: boolean;
  error: string | null;
}

export function selectPicture(state: AppState, slot: PictureSlot): PictureView {
  const path = slotPath(state.draft, slot);
  if (slot === 'image') {
    return { path, info: state.image, busy: state.imageBusy, error: state.imageError };
  }
  return {
    path,
    info: (path && state.previews[path]) || null,
    busy: state.pictureBusy[slot] ?? false,
    error: state.pictureErrors[slot] ?? null,
  };
}
