import { describe, expect, it } from 'vitest';
import { IPC } from './ipc';

describe('IPC request schemas', () => {
  it('credits:export-csv takes `since` as a calendar day, the rule `spent --since` uses', () => {
    const since = IPC['credits:export-csv'].request;
    expect(since.safeParse({ since: '2026-11-01' }).success).toBe(true);
    expect(since.safeParse({}).success).toBe(true);
    for (const bad of ['2026-13-01', '2026-02-30', '1 Nov', '2026-11-1']) {
      expect(since.safeParse({ since: bad }).success, bad).toBe(false);
    }
  });
});
