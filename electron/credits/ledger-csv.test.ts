import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/credits';
import { parseCsv } from '../cli/csv';
import { csvField, LEDGER_CSV_HEADER, ledgerCsv, writeLedgerCsv } from './ledger-csv';

const entry: LedgerEntry = {
  id: 'r-1',
  at: '2026-11-29T10:00:00.000Z',
  model: 'Kling_3_0',
  duration: '5s',
  generateAudio: true,
  batchCount: 2,
  state: 'done',
  prompt: 'she says "hi", then\nwaves',
  credits: 60,
  balanceAfter: 940,
};

describe('ledger CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(undefined)).toBe('');
  });

  it('writes a header and one row per render that a CSV reader reads back exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-csv-'));
    try {
      const path = join(dir, 'credits.csv');
      const written = await writeLedgerCsv(path, [
        entry,
        { ...entry, id: 'r-2', balanceAfter: undefined },
      ]);
      expect(written).toEqual({ path, rows: 2 });
      const text = await readFile(path, 'utf8');
      expect(text).toBe(ledgerCsv([entry, { ...entry, id: 'r-2', balanceAfter: undefined }]));
      const rows = parseCsv(text);
      expect(rows[0]).toEqual([...LEDGER_CSV_HEADER]);
      expect(rows[0]?.slice(1, 4)).toEqual(['spent_at', 'agent', 'model']);
      expect(rows[1]).toEqual([
        'r-1',
        '2026-11-29T10:00:00.000Z',
        'kling',
        'Kling_3_0',
        '5s',
        'true',
        '2',
        'done',
        '60',
        '940',
        'she says "hi", then\nwaves',
      ]);
      expect(rows[2]?.[9]).toBe('');
      expect(rows).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
