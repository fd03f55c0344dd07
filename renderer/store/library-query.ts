import type { JobState, LibraryQuery, LibraryQueryInput } from '../../shared/job';
import type { AgentName } from '../../shared/models';

/** The Library filter bar as the user set it; dates are the inputs' local yyyy-mm-dd. */
export interface LibraryFilters {
  text: string;
  /** One agent's renders ('' = every agent); `model` narrows further. */
  agent: AgentName | '';
  model: string;
  state: JobState | '';
  favouritesOnly: boolean;
  from: string;
  to: string;
  sort: LibraryQuery['sort'];
  /** A cost band (COST_BANDS); '' = any cost, including unknown. */
  cost: CostBand | '';
}

/** The Library's cost filter: one select, each band a credit range (inclusive); words in library-strings. */
export const COST_BANDS = {
  known: { minCredits: 0 },
  'up-to-25': { maxCredits: 25 },
  'up-to-100': { maxCredits: 100 },
  'from-100': { minCredits: 100 },
} as const satisfies Record<string, { minCredits?: number; maxCredits?: number }>;
export type CostBand = keyof typeof COST_BANDS;
export const COST_BAND_NAMES = Object.keys(COST_BANDS) as CostBand[];
export const isCostBand = (value: string): value is CostBand => Object.hasOwn(COST_BANDS, value);

export const EMPTY_FILTERS: LibraryFilters = {
  text: '',
  agent: '',
  model: '',
  state: '',
  favouritesOnly: false,
  from: '',
  to: '',
  sort: 'newest',
  cost: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnight at the start (or the last millisecond) of a picked day, as UTC ISO. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!DAY.test(day)) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Only the filters the user set go into the query, so main applies its own defaults. */
export function toLibraryQuery(filters: LibraryFilters): LibraryQueryInput {
  const query: LibraryQueryInput = { sort: filters.sort };
  const text = filters.text.trim();
  if (text) query.text = text;
  if (filters.agent) query.agent = filters.agent;
  if (filters.model) query.model = filters.model;
  if (filters.state) query.state = filters.state;
  if (filters.favouritesOnly) query.favouritesOnly = true;
  const from = dayBoundary(filters.from, false);
  if (from) query.from = from;
  const to = dayBoundary(filters.to, true);
  if (to) query.to = to;
  if (filters.cost) {
    const band: { minCredits?: number; maxCredits?: number } = COST_BANDS[filters.cost];
    if (band.minCredits !== undefined) query.minCredits = band.minCredits;
    if (band.maxCredits !== undefined) query.maxCredits = band.maxCredits;
  }
  return query;
}

/** True when any filter narrows the list (sort order does not). */
export function hasActiveFilters(filters: LibraryFilters): boolean {
  return Boolean(
    filters.text.trim() ||
      filters.agent ||
      filters.model ||
      filters.state ||
      filters.favouritesOnly ||
      filters.from ||
      filters.to ||
      filters.cost,
  );
}
