import { describe, expect, it } from 'vitest';
import { runIdFor } from './recover-run-ids';

describe('runIdFor', () => {
  it('takes only a record of the last start sent', () => {
    const m = {
      id: 'r1',
      idempotencyKey: '5c0ffee0-0000-4000-8000-000000000001',
      startSentAt: '2025-03-01T10:00:00.000Z',
    };
    const log = (executionId: string, at: string) =>
      ({ id: 'r1', executionId, at, source: 'log' }) as const;
    expect(runIdFor([log('a', '2025-03-01T09:00:00.000Z')], m)).toBeNull();
    expect(runIdFor([log('b', '2025-03-01T10:00:02.000Z')], m)?.executionId).toBe('b');
    expect(runIdFor([log('b', '2025-03-01T10:00:02.000Z')], { ...m, executionId: 'b' })).toBeNull();
    const { startSentAt: _, ...neverSent } = m;
    expect(runIdFor([log('b', '2025-03-01T10:00:02.000Z')], neverSent)).toBeNull();
  });

  it('prefers the journal (it has the credits) and the latest answer', () => {
    const m = {
      id: 'r1',
      idempotencyKey: '5c0ffee0-0000-4000-8000-000000000001',
      startSentAt: '2025-03-01T10:00:00.000Z',
    };
    const fromLog = {
      id: 'r1',
      executionId: 'x',
      at: '2025-03-01T10:00:03.000Z',
      source: 'log',
    } as const;
    const fromJournal = {
      ...fromLog,
      at: '2025-03-01T10:00:01.000Z',
      idempotencyKey: m.idempotencyKey,
      credits: { powerConsumption: 40 },
      source: 'journal',
    } as const;
    expect(runIdFor([fromLog, fromJournal], m)).toBe(fromJournal);
    const later = { ...fromLog, executionId: 'y', at: '2025-03-01T10:00:09.000Z' };
    expect(runIdFor([later, fromJournal, fromLog], m)?.executionId).toBe('y');
  });
});
