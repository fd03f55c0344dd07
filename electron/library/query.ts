import { creditsOf } from '../../shared/credits';
import type { LibraryQuery, RenderManifest } from '../../shared/job';
import { agentOf, ModelName } from '../../shared/models';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A manifest with its creation time parsed once (sorting 10,000 would parse it ~260,000 times). */
interface Keyed {
  m: RenderManifest;
  created: number;
}

const newestFirst = (a: Keyed, b: Keyed) =>
  b.created - a.created || (a.m.id < b.m.id ? 1 : a.m.id > b.m.id ? -1 : 0);

/** By cost, `direction` 1 cheapest first, -1 dearest first; an unknown cost sorts last. */
const byCost = (direction: 1 | -1) => (a: Keyed, b: Keyed) => {
  const ca = creditsOf(a.m);
  const cb = creditsOf(b.m);
  if (ca === null || cb === null)
    return (ca === null ? 1 : 0) - (cb === null ? 1 : 0) || newestFirst(a, b);
  return direction * (ca - cb) || newestFirst(a, b);
};

const COMPARATORS: Record<LibraryQuery['sort'], (a: Keyed, b: Keyed) => number> = {
  newest: newestFirst,
  'cost-high': byCost(-1),
  'cost-low': byCost(1),
  oldest: (a, b) => -newestFirst(a, b),
  prompt: (a, b) => collator.compare(a.m.request.prompt, b.m.request.prompt) || newestFirst(a, b),
  model: (a, b) => catalogueRank(a.m) - catalogueRank(b.m) || newestFirst(a, b),
};

/**
 * Where a render's model stands in the catalogue (ModelName lists each agent's models
 * together, agents in order): sorting by it groups by agent, then model. Unknown models last.
 */
function catalogueRank(m: RenderManifest): number {
  const rank = ModelName.options.indexOf(m.request.model as ModelName);
  return rank === -1 ? ModelName.options.length : rank;
}

/**
 * The agent that made a render, from its model: an index entry written before agents existed
 * has no request.agent (index entries are not re-parsed), but every render has its model.
 */
function agentOfRender(m: RenderManifest): string | undefined {
  const model = ModelName.safeParse(m.request.model);
  return model.success ? agentOf(model.data) : m.request.agent;
}

/** Filters, sorts and pages renders; pure so it is tested without a disk. */
export function queryRenders(
  all: Iterable<RenderManifest>,
  query: LibraryQuery,
): { items: RenderManifest[]; total: number } {
  const text = query.text?.trim().toLowerCase();
  const from = query.from === undefined ? undefined : Date.parse(query.from);
  const to = query.to === undefined ? undefined : Date.parse(query.to);
  const excluded = query.excludeIds?.length ? new Set(query.excludeIds) : undefined;
  const matches: Keyed[] = [];
  for (const m of all) {
    if (text && !m.request.prompt.toLowerCase().includes(text)) continue;
    if (query.agent && agentOfRender(m) !== query.agent) continue;
    if (query.model && m.request.model !== query.model) continue;
    if (query.state && m.state !== query.state) continue;
    if (query.states && !query.states.includes(m.state)) continue;
    if (query.setId && m.setId !== query.setId) continue;
    if (query.inSet && !m.setId) continue;
    if (excluded?.has(m.id)) continue;
    if (query.favouritesOnly && !m.favourite) continue;
    if (query.minCredits !== undefined || query.maxCredits !== undefined) {
      const credits = creditsOf(m);
      if (credits === null) continue;
      if (query.minCredits !== undefined && credits < query.minCredits) continue;
      if (query.maxCredits !== undefined && credits > query.maxCredits) continue;
    }
    const created = Date.parse(m.createdAt);
    if (from !== undefined && created < from) continue;
    if (to !== undefined && created > to) continue;
    matches.push({ m, created });
  }
  matches.sort(COMPARATORS[query.sort]);
  const page = matches.slice(query.offset, query.offset + query.limit).map((k) => k.m);
  return { items: page, total: matches.length };
}

/** Distinct prompts, newest first (a render without one, e.g. Motion Control's, adds none). */
export function recentPromptsOf(all: Iterable<RenderManifest>, limit: number): string[] {
  const sorted = Array.from(all, (m) => ({ m, created: Date.parse(m.createdAt) })).sort(
    newestFirst,
  );
  const seen = new Set<string>();
  for (const { m } of sorted) {
    if (seen.size >= limit) break;
    if (m.request.prompt.trim() !== '') seen.add(m.request.prompt);
  }
  return [...seen];
}
