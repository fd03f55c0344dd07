import { describe, expect, it } from 'vitest';
import { median } from './stats';
import { failedRow, formatRatio, renderTable, verdictOf } from './table';

describe('benchmark table', () => {
  it('takes the middle value (or the mean of the two middle ones) as the median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('says PASS only when the target is met, and a failed measurement is a MISS', () => {
    expect(verdictOf(true)).toBe('PASS');
    expect(verdictOf(false)).toBe('MISS');
    const row = failedRow('upload', '≥ 0.8× curl', new Error('curl exited with 7\nmore'));
    expect(row.verdict).toBe('MISS');
    expect(row.ours).toBe('error: curl exited with 7');
  });

  it('renders one markdown row per result, escaping pipes inside cells', () => {
    const table = renderTable([
      {
        what: 'a | b',
        ours: '1',
        reference: '2',
        ratio: formatRatio(0.5),
        target: 't',
        verdict: 'PASS',
      },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('| a \\| b | 1 | 2 | 0.50× | t | PASS |');
  });
});
