import { missingVideoCount, type RenderView } from '../../../shared/job';

/**
 * One place in a render's batch, as the detail view shows it: a downloaded video, one still
 * downloading, or one WeShop never delivered (a partial render's "2 of 4").
 */
export interface VideoSlot {
  /** Position in the batch (0-based), what Save video and Continue name. */
  index: number;
  /** The media URL once downloaded. */
  url: string | null;
  status: 'ready' | 'not-downloaded' | 'not-delivered';
  /** The file's real frames per second, when the core could read it (VideoEntry.frameRate). */
  frameRate?: number;
}

/** Every slot of the batch in order: the delivered videos, then the ones never delivered. */
export function videoSlots(view: RenderView): VideoSlot[] {
  const delivered: VideoSlot[] = view.videoUrls.map((url, position) => {
    const entry = view.videos[position];
    const slot: VideoSlot = {
      index: entry?.index ?? position,
      url,
      status: url ? 'ready' : 'not-downloaded',
    };
    if (entry?.frameRate) slot.frameRate = entry.frameRate;
    return slot;
  });
  if (view.state !== 'partial') return delivered;
  const used = new Set(delivered.map((slot) => slot.index));
  const missing: VideoSlot[] = [];
  for (let index = 0; missing.length < missingVideoCount(view); index++) {
    if (!used.has(index)) missing.push({ index, url: null, status: 'not-delivered' });
  }
  return [...delivered, ...missing].sort((a, b) => a.index - b.index);
}
