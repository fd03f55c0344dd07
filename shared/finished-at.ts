import type { RenderManifest } from './job';

/**
 * When a render reached the state it is in: the history entry that moved it there (the first
 * of the entries in that state at the end of its history). Not updatedAt, which every later
 * write moves on (a favourite, a frame rate stored when the detail view first shows an older
 * video): a render done in 2 minutes must not read as done in a week. A manifest whose history
 * does not end in its state falls back on updatedAt.
 */
export function finishedAt(m: Pick<RenderManifest, 'state' | 'history' | 'updatedAt'>): string {
  const { history } = m;
  let entered: string | undefined;
  for (let i = history.length - 1; i >= 0 && history[i]?.state === m.state; i--)
    entered = history[i]?.at;
  return entered ?? m.updatedAt;
}
