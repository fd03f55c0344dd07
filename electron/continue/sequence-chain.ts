import type { RenderManifest } from '../../shared/job';

/** What the export needs of the library: a render's sequence, from its index. */
export interface ChainLibrary {
  sequenceOf(id: string): Promise<RenderManifest[]>;
}

/**
 * The sequence `id` belongs to, oldest first, as shared/sequence.ts sequenceOf would find it
 * among every render: one query of the library's index (sqlite-index/chain.ts), which walks
 * continued_from both ways without loading the library. [] when `id` is not a render.
 */
export function readSequence(library: ChainLibrary, id: string): Promise<RenderManifest[]> {
  return library.sequenceOf(id);
}
