import type { RenderManifest } from '../../../shared/job';
import type { Db } from './sqlite';

/*
 * The sequence a render belongs to (renders made with Continue), in one query: `up` walks
 * continued_from back to the first render (depth 0, -1, -2, …); `down` follows, from the
 * render asked for, its oldest continuation at each step (a render continued more than once
 * forks: the oldest branch is the sequence, as shared/sequence.ts sequenceOf has it). `path`
 * holds the ids met so far (ids are [a-z0-9-], so commas delimit them): a loop in damaged data
 * stops the walk, and `down` starts with every ancestor already met. An ancestor that is gone
 * ends the chain there.
 */
export const CHAIN_SQL = `
WITH RECURSIVE
  up(id, parent, depth, path) AS (
    SELECT id, continued_from, 0, ',' || id || ',' FROM renders WHERE id = @id
    UNION ALL
    SELECT r.id, r.continued_from, up.depth - 1, up.path || r.id || ','
      FROM up JOIN renders r ON r.id = up.parent
      WHERE instr(up.path, ',' || r.id || ',') = 0
  ),
  down(id, depth, path) AS (
    SELECT id, 0, (SELECT path FROM up ORDER BY depth LIMIT 1) FROM up WHERE depth = 0
    UNION ALL
    SELECT c.id, down.depth + 1, down.path || c.id || ','
      FROM down JOIN renders c ON c.id = (
        SELECT n.id FROM renders n
        WHERE n.continued_from = down.id AND instr(down.path, ',' || n.id || ',') = 0
        ORDER BY n.created_ms, n.id LIMIT 1)
  ),
  chain(id, depth) AS (
    SELECT id, depth FROM up WHERE depth < 0 UNION ALL SELECT id, depth FROM down
  )
SELECT m.json FROM chain JOIN manifests m ON m.id = chain.id ORDER BY chain.depth`;

/**
 * The sequence `id` belongs to, oldest first: its ancestors, itself, its continuations.
 * [] when the index has no render `id`. Reads only the chain's rows, never the library.
 */
export function createChainQuery(db: Db): (id: string) => RenderManifest[] {
  const statement = db.prepare<{ id: string }, string>(CHAIN_SQL).pluck();
  // Each manifest was validated with the zod schema before it was stored (store.ts).
  return (id) => statement.all({ id }).map((json) => JSON.parse(json) as RenderManifest);
}
