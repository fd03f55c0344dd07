import type { LibraryQueryInput, RenderManifest } from '../../shared/job';

/** What the walk needs of the library: one render by id, and pages of a query. */
export interface ChainLibrary {
  read(id: string): Promise<RenderManifest | null>;
  list(query: LibraryQueryInput): Promise<{ items: RenderManifest[]; total: number }>;
}

/** Renders looked at per page when looking for continuations (never the library whole). */
export const CHAIN_PAGE = 200;

/**
 * The sequence `id` belongs to, as shared/sequence.ts sequenceOf would find it among every
 * render, without loading the library: the ancestors one read each (through continuedFrom),
 * then one pass, oldest first in pages, over the renders made since the first of them. In
 * that order the first render continuing the current end of the chain is its oldest
 * continuation (a continuation is always made after the render it continues). [] when `id`
 * is not a render; a loop in damaged data stops the walk.
 */
export async function readSequence(
  library: ChainLibrary,
  id: string,
  pageSize = CHAIN_PAGE,
): Promise<RenderManifest[]> {
  const start = await library.read(id);
  if (!start) return [];
  const seen = new Set<string>([start.id]);
  const before = await ancestorsOf(library, start, seen);
  const after = await continuationsOf(library, start, seen, pageSize);
  return [...before, start, ...after];
}

/** Oldest first; a missing or unreadable ancestor ends the chain there. */
async function ancestorsOf(
  library: ChainLibrary,
  start: RenderManifest,
  seen: Set<string>,
): Promise<RenderManifest[]> {
  const before: RenderManifest[] = [];
  for (let parentId = start.continuedFrom?.id; parentId && !seen.has(parentId); ) {
    const parent = await library.read(parentId);
    if (!parent) break;
    seen.add(parent.id);
    before.unshift(parent);
    parentId = parent.continuedFrom?.id;
  }
  return before;
}

async function continuationsOf(
  library: ChainLibrary,
  start: RenderManifest,
  seen: Set<string>,
  pageSize: number,
): Promise<RenderManifest[]> {
  const after: RenderManifest[] = [];
  let end = start;
  for (let offset = 0; ; offset += pageSize) {
    const { items } = await library.list({
      from: start.createdAt,
      sort: 'oldest',
      offset,
      limit: pageSize,
    });
    for (const render of items) {
      if (render.continuedFrom?.id !== end.id || seen.has(render.id)) continue;
      seen.add(render.id);
      after.push(render);
      end = render;
    }
    if (items.length < pageSize) return after;
  }
}
