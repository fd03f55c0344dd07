/**
 * The form's picture slots: picture 1 (first frame, character or image 1), the end frame, and
 * reference images 2–4 (more1…more3: draft.moreImages[0…2]).
 */
export type PictureSlot = 'image' | 'endFrame' | 'more1' | 'more2' | 'more3';
export const MORE_SLOTS = ['more1', 'more2', 'more3'] as const;
