import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Audit, countVerdicts } from './paid-run-audit';
import { KILL_POINTS, type KillPoint } from './torture-schedule';

/** Where the torture suite leaves its table (the README's reliability section quotes it). */
export const SUMMARY_FILE = fileURLToPath(
  new URL('../../../.tmp/torture-summary.md', import.meta.url),
);

export interface SummaryRow {
  scenario: string;
  processes: number;
  kills?: Record<KillPoint, number>;
  interrupts?: number;
  audit: Audit;
  /** What the user did by hand: deletes that went through, runs attached, confirmed retries. */
  userActions?: string;
}

const killText = (kills: Record<KillPoint, number> | undefined, interrupts = 0) => {
  if (!kills) return '–';
  const parts = KILL_POINTS.filter((p) => kills[p] > 0).map((p) => `${p} ${kills[p]}`);
  const total = KILL_POINTS.reduce((sum, p) => sum + kills[p], 0);
  if (total === 0) return 'none';
  return `${total} (${parts.join(', ')}${interrupts ? `; ${interrupts} of them Ctrl-C` : ''})`;
};

export function summaryTable(rows: readonly SummaryRow[]): string {
  const header = [
    'scenario',
    'CLI processes',
    'killed (render was at)',
    'paid runs',
    'on disk, byte-equal',
    'delivered nothing',
    'ended by the user',
    'what the user did',
    'max starts / render',
    'double starts',
    'paid runs lost',
    'stuck',
  ];
  const lines = rows.map((row) => [
    row.scenario,
    String(row.processes),
    killText(row.kills, row.interrupts),
    String(row.audit.runs),
    String(countVerdicts(row.audit, 'collected')),
    String(countVerdicts(row.audit, 'delivered-nothing')),
    String(
      countVerdicts(row.audit, 'deleted-by-user') + countVerdicts(row.audit, 'stopped-by-user'),
    ),
    row.userActions ?? '–',
    String(row.audit.maxStartsPerRender),
    String(row.audit.doubleStarts.length),
    String(row.audit.lost.length),
    String(row.audit.stuck.length),
  ]);
  return [header, header.map(() => '---'), ...lines]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

/** Totals over every row, for .tmp/reliability-counts.json (report.ts). */
export function summaryCounts(rows: readonly SummaryRow[]) {
  const sum = (f: (row: SummaryRow) => number) => rows.reduce((total, row) => total + f(row), 0);
  return {
    scenarios: rows.length,
    processes: sum((r) => r.processes),
    kills: sum((r) => KILL_POINTS.reduce((total, p) => total + (r.kills?.[p] ?? 0), 0)),
    paidRuns: sum((r) => r.audit.runs),
    collected: sum((r) => countVerdicts(r.audit, 'collected')),
    doubleStarts: sum((r) => r.audit.doubleStarts.length),
    lost: sum((r) => r.audit.lost.length),
    stuck: sum((r) => r.audit.stuck.length),
  };
}

/** Random schedules first (by seed), then the fixed scenes: the same order every run. */
const byScenario = (a: SummaryRow, b: SummaryRow) => {
  const rank = (row: SummaryRow) => (row.kills ? 0 : 1);
  return rank(a) - rank(b) || a.scenario.localeCompare(b.scenario, 'en', { numeric: true });
};

export async function writeSummary(rows: readonly SummaryRow[], note: string): Promise<string> {
  const text = `${summaryTable([...rows].sort(byScenario))}\n\n${note}\n`;
  await mkdir(dirname(SUMMARY_FILE), { recursive: true });
  await writeFile(SUMMARY_FILE, text);
  return text;
}
