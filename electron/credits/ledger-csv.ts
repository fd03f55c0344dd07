import writeFileAtomic from 'write-file-atomic';
import type { LedgerEntry } from '../../shared/credits';
import { agentOf } from '../../shared/models';

export const LEDGER_CSV_HEADER = [
  'id',
  'spent_at',
  'agent',
  'model',
  'duration',
  'audio',
  'videos',
  'state',
  'credits',
  'balance_after',
  'prompt',
] as const;

/**
 * A field as RFC 4180 wants it, and safe to open in a spreadsheet: a value that starts with
 * = + - @ (a formula to Excel/Sheets) gets a leading apostrophe, so a prompt never runs.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The ledger as CSV text: a header row, then one row per render, CRLF line ends. */
export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.id,
      e.at,
      agentOf(e.model),
      e.model,
      e.duration,
      e.generateAudio,
      e.batchCount,
      e.state,
      e.credits,
      e.balanceAfter,
      e.prompt,
    ].map(csvField),
  );
  return `${[[...LEDGER_CSV_HEADER], ...rows].map((row) => row.join(',')).join('\r\n')}\r\n`;
}

/** Writes the CSV atomically (a half-written export never replaces a good file). */
export async function writeLedgerCsv(path: string, entries: readonly LedgerEntry[]) {
  await writeFileAtomic(path, ledgerCsv(entries));
  return { path, rows: entries.length };
}
