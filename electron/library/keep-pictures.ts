import type { RenderManifest } from '../../shared/job';
import {
  copyPicture,
  describeSlot,
  owedCopies,
  type PictureCopyResult,
  recordCopy,
} from './input-pictures';

type Mutation = (manifest: RenderManifest) => RenderManifest | undefined;

export interface PictureKeeperDeps {
  home: string;
  read(id: string): Promise<RenderManifest | null>;
  update(id: string, mutate: Mutation): Promise<RenderManifest>;
  /** Throws for a read-only library. */
  writable(): void;
}

export type KeptPictures = { manifest: RenderManifest; missing?: string } | null;

/**
 * Library.keepSourceImage: makes the input picture copies a render still owes (input-pictures.ts),
 * one round at a time per render (the runner and a cancel may both ask), and records them in
 * render.json. Null when nothing was owed; `missing` names each picture whose original could not
 * be copied, and why.
 */
export function createPictureKeeper(
  deps: PictureKeeperDeps,
): (id: string) => Promise<KeptPictures> {
  const copying = new Map<string, Promise<KeptPictures>>();
  return (id) => {
    const running = copying.get(id);
    if (running) return running;
    const work = keepOwedPictures(deps, id).finally(() => copying.delete(id));
    copying.set(id, work);
    return work;
  };
}

async function keepOwedPictures(deps: PictureKeeperDeps, id: string): Promise<KeptPictures> {
  deps.writable();
  const current = await deps.read(id);
  const owed = current ? owedCopies(current) : [];
  if (owed.length === 0) return null;
  const results: PictureCopyResult[] = [];
  for (const picture of owed) results.push(await copyPicture(deps.home, id, picture));
  const manifest = await deps.update(id, (m) => {
    owed.forEach((picture, i) => {
      const result = results[i];
      if (result) recordCopy(m, picture.slot, result);
    });
    return undefined;
  });
  const missing = owed.flatMap((picture, i) => {
    const result = results[i];
    return result && 'missing' in result
      ? [`${describeSlot(picture.slot)} (${picture.image}): ${result.missing}`]
      : [];
  });
  return missing.length > 0 ? { manifest, missing: missing.join('; ') } : { manifest };
}
