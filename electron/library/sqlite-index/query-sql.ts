import type { LibraryQuery } from '../../../shared/job';
import { ModelName } from '../../../shared/models';

export interface Sql {
  /** `FROM renders r WHERE …` (no ORDER BY, no LIMIT), to read a page. */
  from: string;
  /** The same rows, in the form that counts them fastest (only a search differs: promptContains). */
  countFrom: string;
  order: string;
  params: (string | number)[];
}

const NEWEST = 'r.created_ms DESC, r.id DESC';

/**
 * Where a render's model stands in the catalogue (ModelName lists each agent's models
 * together, agents in order), computed in the query so that a catalogue that grows never
 * leaves stale ranks in an index: sorting by it groups by agent, then model. Unknown last.
 */
const MODEL_RANK = `CASE r.model ${ModelName.options
  .map((model, rank) => `WHEN '${model.replaceAll("'", "''")}' THEN ${rank}`)
  .join(' ')} ELSE ${ModelName.options.length} END`;

/** Each sort, ties newest first (the order queryRenders has always had). */
const ORDERS: Record<LibraryQuery['sort'], string> = {
  newest: NEWEST,
  oldest: 'r.created_ms ASC, r.id ASC',
  'cost-high': `r.credits IS NULL, r.credits DESC, ${NEWEST}`,
  'cost-low': `r.credits IS NULL, r.credits ASC, ${NEWEST}`,
  prompt: `r.prompt_key ASC, ${NEWEST}`,
  model: `${MODEL_RANK}, ${NEWEST}`,
};

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The shortest text the trigram index can find (shorter text has no trigram in it). */
export const TRIGRAM_CHARS = 3;

/** `text` as one FTS5 string: any user text is then a phrase, never query syntax. */
export const ftsString = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The prompts that contain `text` (already lower case, as prompt_lower): a plain substring,
 * as String.includes (no wildcards, any language's case). Text of 3 characters or more goes
 * through the trigram index (schema.ts PROMPT_SEARCH), which finds exactly the rows instr()
 * does (same lower case, a phrase of trigrams is a substring) without reading every row;
 * shorter text has no trigram, so it is the instr() scan. Characters are code points, as the
 * tokenizer counts them (an emoji is one).
 */
function promptContains(text: string): {
  page: string;
  count: string;
  /** The count's whole `FROM …` when the search is the only filter, if it has a faster one. */
  countAlone?: string;
  param: string;
} {
  if ([...text].length < TRIGRAM_CHARS) {
    const scan = 'instr(r.prompt_lower, ?) > 0';
    return { page: scan, count: scan, param: text };
  }
  const matches =
    'r.id IN (SELECT k.id FROM prompt_search s JOIN prompt_keys k ON k.key = s.rowid WHERE prompt_search MATCH ?)';
  return {
    // `+r.id` for a page: it is read along the sort's index, each row checked against the
    // matches, instead of looking every match up by id and sorting them all (at 100,000 renders,
    // a text in one prompt of six: ~8 ms a page instead of ~39 ms; a rare text ~11 ms).
    page: `+${matches}`,
    // A count is fastest from the matches (~12 ms for that text instead of ~28 ms).
    count: matches,
    // Alone, the matches are the count: the triggers keep one prompt_search row per render
    // (schema.ts), so no row needs looking up (~7 ms instead of ~50 ms cold at 100,000
    // renders, a text in one prompt of six).
    countAlone: 'FROM prompt_search WHERE prompt_search MATCH ?',
    param: ftsString(text),
  };
}

/** The library query as SQL over the renders table (the same answers as queryRenders gave). */
export function querySql(query: LibraryQuery): Sql {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    params.push(...values);
  };
  const text = query.text?.trim().toLowerCase();
  const search = text ? promptContains(text) : undefined;
  if (search) add(search.page, search.param);
  if (query.agent) add('r.agent = ?', query.agent);
  if (query.model) add('r.model = ?', query.model);
  if (query.state) add('r.state = ?', query.state);
  if (query.states) add(`r.state IN (${placeholders(query.states.length)})`, ...query.states);
  if (query.setId) add('r.set_id = ?', query.setId);
  if (query.inSet) add('r.set_id IS NOT NULL');
  if (query.excludeIds?.length)
    add(`r.id NOT IN (${placeholders(query.excludeIds.length)})`, ...query.excludeIds);
  if (query.favouritesOnly) add('r.favourite = 1');
  if (query.minCredits !== undefined) add('r.credits >= ?', query.minCredits);
  if (query.maxCredits !== undefined) add('r.credits <= ?', query.maxCredits);
  if (query.from !== undefined) add('r.created_ms >= ?', Date.parse(query.from));
  if (query.to !== undefined) add('r.created_ms <= ?', Date.parse(query.to));
  const fromWhere = (clauses: string[]) =>
    `FROM renders r${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''}`;
  const searchAlone = search?.countAlone && where.length === 1 ? search.countAlone : undefined;
  return {
    from: fromWhere(where),
    // The search clause is the first one when there is one.
    countFrom: searchAlone ?? fromWhere(search ? [search.count, ...where.slice(1)] : where),
    order: ORDERS[query.sort],
    params,
  };
}
