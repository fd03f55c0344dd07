import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayKey, summariseLedger, weekKey } from '../../../shared/credits';
import type { CreditLedger } from '../../../shared/ipc';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { formatCredits } from '../../format';
import { selectCostedRenderCount } from '../../store/selectors';
import { SpentChart } from './SpentChart';
import { type SpentGrouping, spentBars } from './spent-series';
import './spent.css';

const GROUPINGS: readonly SpentGrouping[] = ['day', 'week', 'agent', 'model'];

/** The Spent screen: totals by day, week, agent and model, a small chart, and a CSV export. */
export function SpentScreen() {
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
  const { t } = useTranslation('spent');
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
  const caption = t(`groupings.${grouping}.caption`);
  const nothing = t(`nothing.${grouping}`);

  const exportCsv = async () => {
    if (exporting || summary.renders === 0) return;
    setExporting(true);
    try {
      const result = await client.call('credits:export-csv', {});
      if (result.path !== null) {
        pushToast('success', t('exported', { count: result.rows, path: result.path }));
      }
    } catch (caught) {
      pushToast('error', t('exportFailed', { reason: errorMessage(caught) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="screen spent" aria-labelledby="spent-title">
      <header className="screen-header">
        <h1 id="spent-title">{t('title')}</h1>
        <p className="muted">{t('subtitle')}</p>
        <div className="spacer" />
        <button
          type="button"
          onClick={() => void exportCsv()}
          aria-disabled={exporting || summary.renders === 0}
          aria-describedby={summary.renders === 0 ? 'spent-empty' : undefined}
        >
          {exporting ? t('exporting') : t('export')}
        </button>
      </header>

      {error && (
        <div className="banner error" role="alert">
          {t('readFailed', { reason: error })}
        </div>
      )}

      <dl className="spent-totals">
        <div>
          <dt>{t('today')}</dt>
          <dd>{formatCredits(today)}</dd>
        </div>
        <div>
          <dt>{t('thisWeek')}</dt>
          <dd>{formatCredits(thisWeek)}</dd>
        </div>
        <div>
          <dt>{t('allTime')}</dt>
          <dd>
            {formatCredits(summary.credits)}{' '}
            <span className="muted">{t('onRenders', { count: summary.renders })}</span>
          </dd>
        </div>
        <div>
          <dt>{t('balance')}</dt>
          <dd>{ledger?.balance == null ? t('notReported') : formatCredits(ledger.balance)}</dd>
        </div>
      </dl>

      {ledger && summary.renders === 0 ? (
        <p id="spent-empty" className="empty-state muted">
          {t('empty')}
        </p>
      ) : (
        <>
          <fieldset className="spent-grouping">
            <legend className="visually-hidden">{t('groupTotals')}</legend>
            {GROUPINGS.map((option) => (
              <label key={option} className={grouping === option ? 'current' : ''}>
                <input
                  type="radio"
                  name="spent-grouping"
                  value={option}
                  checked={grouping === option}
                  onChange={() => setGrouping(option)}
                />
                {t(`groupings.${option}.label`)}
              </label>
            ))}
          </fieldset>
          <div className="spent-body">
            <SpentChart
              bars={bars}
              caption={caption}
              emptyNote={tableRows.length === 0 ? nothing : undefined}
            />
            <table className="spent-table">
              <caption className="visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`groupings.${grouping}.column`)}</th>
                  <th scope="col">{t('credits')}</th>
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
                      {nothing}
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
