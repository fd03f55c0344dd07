import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JobState } from '../../../shared/job';
import { AGENT_CATALOGUE, AgentName, agentOf, ModelName } from '../../../shared/models';
import { useAppStore, useStoreApi } from '../../app-context';
import { useDebounced } from '../../components/use-now';
import { shortcutLabel } from '../../format';
import { modelName } from '../../i18n/model-label';
import { stateLabel } from '../../job-labels';
import {
  COST_BAND_NAMES,
  type LibraryFilters as Filters,
  hasActiveFilters,
  isCostBand,
} from '../../store/library-query';

const SEARCH_DELAY_MS = 250;
const SORTS: Filters['sort'][] = ['newest', 'oldest', 'prompt', 'cost-high', 'cost-low', 'model'];

/** The models the Model filter offers: the chosen agent's, or every agent's in catalogue order. */
const modelsOf = (agent: AgentName | ''): ModelName[] =>
  agent === ''
    ? AgentName.options.flatMap((name) => AGENT_CATALOGUE[name].models)
    : [...AGENT_CATALOGUE[agent].models];

export function LibraryFilters() {
  const { t } = useTranslation('library');
  const store = useStoreApi();
  const filters = useAppStore((state) => state.filters);
  const setFilters = useAppStore((state) => state.setFilters);
  const resetFilters = useAppStore((state) => state.resetFilters);
  const focusPending = useAppStore((state) => state.searchFocusPending);
  const consumeSearchFocus = useAppStore((state) => state.consumeSearchFocus);
  const searchRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(filters.text);
  const settledText = useDebounced(text, SEARCH_DELAY_MS);

  // Only a settled change of the box queries main (one list request per pause in typing).
  useEffect(() => {
    if (settledText !== store.getState().filters.text) void setFilters({ text: settledText });
  }, [settledText, store, setFilters]);

  useEffect(() => {
    if (!focusPending) return;
    searchRef.current?.focus();
    searchRef.current?.select();
    consumeSearchFocus();
  }, [focusPending, consumeSearchFocus]);

  const changed = (partial: Partial<Filters>) => void setFilters(partial);
  // Two date inputs are six Tab stops (month, day, year each): behind one toggle until used.
  const datesSet = Boolean(filters.from || filters.to);
  const [datesOpen, setDatesOpen] = useState(datesSet);
  const active = text.trim() !== '' || hasActiveFilters(filters);

  return (
    // <search> would do, but happy-dom (the unit tests' DOM) does not know it yet.
    // biome-ignore lint/a11y/useSemanticElements: same role, wider support
    <div className="filters" role="search" aria-label={t('filters.label')}>
      <div className="filters-row">
        <input
          ref={searchRef}
          type="search"
          className="filter-search"
          aria-label={t('filters.search')}
          aria-keyshortcuts="Control+F Meta+F"
          placeholder={t('filters.searchPlaceholder', { shortcut: shortcutLabel('F') })}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <select
          aria-label={t('filters.agent')}
          value={filters.agent}
          onChange={(event) => {
            const parsed = AgentName.safeParse(event.target.value);
            const agent = parsed.success ? parsed.data : '';
            // A model of another agent would match nothing: it goes with the agent's change.
            const model = ModelName.safeParse(filters.model);
            const keepsModel = agent === '' || (model.success && agentOf(model.data) === agent);
            changed(keepsModel ? { agent } : { agent, model: '' });
          }}
        >
          <option value="">{t('filters.allAgents')}</option>
          {AgentName.options.map((agent) => (
            <option key={agent} value={agent}>
              {AGENT_CATALOGUE[agent].label}
            </option>
          ))}
        </select>
        <select
          aria-label={t('filters.model')}
          value={filters.model}
          onChange={(e) => changed({ model: e.target.value })}
        >
          <option value="">{t('filters.allModels')}</option>
          {modelsOf(filters.agent).map((name) => (
            <option key={name} value={name}>
              {modelName(name)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('filters.state')}
          value={filters.state}
          onChange={(event) => {
            const parsed = JobState.safeParse(event.target.value);
            changed({ state: parsed.success ? parsed.data : '' });
          }}
        >
          <option value="">{t('filters.allStates')}</option>
          {JobState.options.map((state) => (
            <option key={state} value={state}>
              {stateLabel(state)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('filters.cost')}
          value={filters.cost}
          onChange={(event) => {
            const band = event.target.value;
            changed({ cost: isCostBand(band) ? band : '' });
          }}
        >
          <option value="">{t('filters.anyCost')}</option>
          {COST_BAND_NAMES.map((band) => (
            <option key={band} value={band}>
              {t(`costBands.${band}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('filters.sort')}
          value={filters.sort}
          onChange={(event) => {
            const sort = SORTS.find((option) => option === event.target.value);
            if (sort) changed({ sort });
          }}
        >
          {SORTS.map((option) => (
            <option key={option} value={option}>
              {t(`sorts.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.favouritesOnly}
            onChange={(event) => changed({ favouritesOnly: event.target.checked })}
          />
          {t('filters.favourites')}
        </label>
        <button
          type="button"
          aria-expanded={datesOpen}
          aria-controls={datesOpen ? 'date-filters' : undefined}
          onClick={() => setDatesOpen(!datesOpen)}
        >
          {datesSet && !datesOpen ? t('filters.datesSet') : t('filters.dates')}
        </button>
        {datesOpen && (
          <span id="date-filters" className="date-filters">
            <label className="date-filter">
              {t('filters.from')}
              <input
                type="date"
                value={filters.from}
                max={filters.to || undefined}
                onChange={(event) => changed({ from: event.target.value })}
              />
            </label>
            <label className="date-filter">
              {t('filters.to')}
              <input
                type="date"
                value={filters.to}
                min={filters.from || undefined}
                onChange={(event) => changed({ to: event.target.value })}
              />
            </label>
          </span>
        )}
        {/* aria-disabled: pressing it must not drop focus to the page when it turns off. */}
        <button
          type="button"
          aria-disabled={!active}
          onClick={() => {
            if (!active) return;
            setText('');
            void resetFilters();
          }}
        >
          {t('filters.reset')}
        </button>
      </div>
    </div>
  );
}
