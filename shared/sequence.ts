/** What the chain needs of a render: its id, when it was made and where it came from. */
export interface ChainLink {
  id: string;
  createdAt: string;
  continuedFrom?: { id: string; videoIndex: number } | undefined;
}

/**
 * The sequence a render belongs to, oldest first: its ancestors back to the first render
 * (following continuedFrom), itself, then its continuations (when one was continued more
 * than once, the oldest continuation is followed). A loop in damaged data stops the walk.
 * Main answers it with one query of the library's index (electron/library/sqlite-index/
 * chain.ts, checked against this); here it is the same rule over renders in hand.
 */
export function sequenceOf<T extends ChainLink>(id: string, renders: readonly T[]): T[] {
  const byId = new Map(renders.map((r) => [r.id, r]));
  const start = byId.get(id);
  if (!start) return [];
  const seen = new Set<string>([start.id]);
  const before: T[] = [];
  for (let at = start.continuedFrom && byId.get(start.continuedFrom.id); at; ) {
    if (seen.has(at.id)) break;
    seen.add(at.id);
    before.unshift(at);
    at = at.continuedFrom && byId.get(at.continuedFrom.id);
  }
  const after: T[] = [];
  for (let at: T | undefined = start; ; ) {
    const current: T = at;
    const next = renders
      .filter((r) => r.continuedFrom?.id === current.id && !seen.has(r.id))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!next) break;
    seen.add(next.id);
    after.push(next);
    at = next;
  }
  return [...before, start, ...after];
}

/**
 * Which video of each render a sequence plays: the one the next render continued from (its
 * last frame is where the next one starts), and the first video of the last render.
 */
export function sequenceVideoIndexes(chain: readonly ChainLink[]): number[] {
  return chain.map((_, i) => chain[i + 1]?.continuedFrom?.videoIndex ?? 0);
}
