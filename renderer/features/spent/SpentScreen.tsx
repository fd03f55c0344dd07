import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { dayKey, formatCredits, summariseLedger, weekKey } from '../../../shared/credits';
import type { CreditLedger } from '../../../shared/ipc';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { selectCostedRenderCount } from '../../store/selectors';
import { SpentChart } from './SpentChart';
import { type SpentGrouping, spentBars } from './spent-series';
import './spent.css';

/** What the chart and table say when the period shown has no spending. */
const NOTHING_IN: Record<SpentGrouping, string> = {
  day: 'Nothing spent in the last 14 days.',
  week: 'Nothing spent in the last 8 weeks.',
  agent: 'Nothing spent yet.',
  model: 'Nothing spent yet.',
};

const GROUPINGS: { value: SpentGrouping; label: string; column: string; caption: string }[] = [
  {
    value: 'day',
    label: 'By day',
    column: 'Day',
    caption: 'Credits spent on each of the last 14 days',
  },
  {
    value: 'week',
    label: 'By week',
    column: 'Week',
    caption: 'Credits spent in each of the last 8 weeks',
  },
  { value: 'agent', label: 'By agent', column: 'Agent', caption: 'Credits spent on each agent' },
  { value: 'model', label: 'By model', column: 'Model', caption: 'Credits spent on each model' },
];
const DAY_GROUPING = GROUPINGS[0] as (typeof GROUPINGS)[number];

/** The Spent screen: totals by day, week, agent and model, a small chart, and a CSV export. */
export function SpentScreen() {
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
  const costed = useAppStore(selectCostedRenderCount);
  const [ledger, setLedger] = useState<CreditLedger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grouping, setGrouping] = useState<SpentGrouping>('day');
  const [exporting, setExporting] = useState(false);

  // Reads overlap when costs arrive close together: only the newest read's answer is shown,
  // so a slow older read never puts back a ledger from before the last render was paid.
  const latestRead = useRef(0);
  const load = useCallback(async () => {
    const read = ++latestRead.current;
    try {
      const answer = await client.call('credits:ledger', {});
      if (read !== latestRead.current) return;
      setLedger(answer);
      setError(null);
    } catch (caught) {
      if (read === latestRead.current) setError(errorMessage(caught));
    }
  }, [client]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when a render's cost arrives
  useEffect(() => {
    void load();
  }, [load, costed]);

  const now = new Date();
  const summary = useMemo(() => summariseLedger(ledger?.entries ?? []), [ledger]);
  const today = summary.byDay[dayKey(now)] ?? 0;
  const thisWeek = summary.byWeek[weekKey(now)] ?? 0;
  const bars = spentBars(summary, grouping, now);
  // The table: every agent or model, dearest first; the days or weeks that spent, newest first.
  const byName = grouping === 'agent' || grouping === 'model';
  const tableRows = byName ? bars : [...bars].reverse().filter((bar) => bar.credits > 0);
  const shown = GROUPINGS.find((g) => g.value === grouping) ?? DAY_GROUPING;

  const exportCsv = async () => {
    if (exporting || summary.renders === 0) return;
    setExporting(true);
    try {
      const result = await client.call('credits:export-csv', {});
      if (result.path !== null) {
        pushToast(
          'success',
          `Exported ${result.rows} render${result.rows === 1 ? '' : 's'} to ${result.path}`,
        );
      }
    } catch (caught) {
      pushToast('error', `Export failed: ${errorMessage(caught)}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="screen spent" aria-labelledby="spent-title">
      <header className="screen-header">
        <h1 id="spent-title">Spent</h1>
        <p className="muted">What your renders cost, as WeShop reported it</p>
        <div className="spacer" />
        <button
          type="button"
          onClick={() => void exportCsv()}
          aria-disabled={exporting || summary.renders === 0}
          aria-describedby={summary.renders === 0 ? 'spent-empty' : undefined}
        >
          {exporting ? 'Exporting…' : 'Export CSV…'}
        </button>
      </header>

      {error && (
        <div className="banner error" role="alert">
          Could not read what was spent: {error}
        </div>
      )}

      <dl className="spent-totals">
        <div>
          <dt>Today</dt>
          <dd>{formatCredits(today)}</dd>
        </div>
        <div>
          <dt>This week</dt>
          <dd>{formatCredits(thisWeek)}</dd>
        </div>
        <div>
          <dt>All time</dt>
          <dd>
            {formatCredits(summary.credits)}
            <span className="muted">
              {' '}
              on {summary.renders} render{summary.renders === 1 ? '' : 's'}
            </span>
          </dd>
        </div>
        <div>
          <dt>Balance</dt>
          <dd>{ledger?.balance == null ? 'Not reported yet' : formatCredits(ledger.balance)}</dd>
        </div>
      </dl>

      {ledger && summary.renders === 0 ? (
        <p id="spent-empty" className="empty-state muted">
          Nothing spent yet. A render shows its cost here once WeShop reports it.
        </p>
      ) : (
        <>
          <fieldset className="spent-grouping">
            <legend className="visually-hidden">Group totals</legend>
            {GROUPINGS.map((option) => (
              <label key={option.value} className={grouping === option.value ? 'current' : ''}>
                <input
                  type="radio"
                  name="spent-grouping"
                  value={option.value}
                  checked={grouping === option.value}
                  onChange={() => setGrouping(option.value)}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
          <div className="spent-body">
            <SpentChart
              bars={bars}
              caption={shown.caption}
              emptyNote={tableRows.length === 0 ? NOTHING_IN[grouping] : undefined}
            />
            <table className="spent-table">
              <caption className="visually-hidden">{shown.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{shown.column}</th>
                  <th scope="col">Credits</th>
                </tr>
              </thead>
              <tbody>
                {tableRows.map((bar) => (
                  <tr key={bar.key}>
                    <th scope="row">{bar.label}</th>
                    <td>{formatCredits(bar.credits)}</td>
                  </tr>
                ))}
                {tableRows.length === 0 && (
                  <tr>
                    <td colSpan={2} className="spent-none">
                      {NOTHING_IN[grouping]}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
