import { describe, expect, it } from 'vitest';
import { BudgetReason, reasonMessages } from './budget-checks';
import {
  type BudgetVerdict,
  capsFromSettings,
  checkBudget,
  checkManyBudget,
  DayString,
  dayKey,
  describeEstimate,
  entriesSince,
  estimateFrom,
  formatCredits,
  type LedgerEntry,
  latestBalance,
  ledgerEntryOf,
  spentOnDay,
  summariseLedger,
  weekKey,
} from './credits';
import type { RenderManifest } from './job';
import { makeLedgerEntry } from './testing';

/** An instant at a local wall-clock time, so day keys hold in any time zone. */
const local = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();

const entry = (over: Partial<LedgerEntry>) => makeLedgerEntry({ at: local(2026, 11, 29), ...over });

describe('price display', () => {
  it('reads figures with grouping, up to two decimals, and one credit in the singular', () => {
    expect(formatCredits(1)).toBe('1 credit');
    expect(formatCredits(0)).toBe('0 credits');
    expect(formatCredits(1250)).toBe('1,250 credits');
    expect(formatCredits(2.5)).toBe('2.5 credits');
    expect(formatCredits(1 / 3)).toBe('0.33 credits');
  });

  it('describes an estimate with the balance, the over-balance warning, or why there is none', () => {
    expect(describeEstimate({ credits: 40 })).toBe('Estimated cost: 40 credits');
    expect(describeEstimate({ credits: 40, balance: 1000, enough: true })).toBe(
      'Estimated cost: 40 credits · balance 1,000 credits',
    );
    expect(describeEstimate({ credits: 400, balance: 100, enough: false })).toBe(
      'Estimated cost: 400 credits · balance 100 credits — more than your balance',
    );
    expect(describeEstimate({ credits: null, unavailable: 'the image is not uploaded yet.' })).toBe(
      'No cost estimate: the image is not uploaded yet.',
    );
  });

  it("takes WeShop's paidPowerNotEnough over the balance it last saw, and compares when it is silent", () => {
    expect(estimateFrom({ totalPower: 10, notEnough: true }, 1000)).toEqual({
      credits: 10,
      balance: 1000,
      enough: false,
    });
    expect(estimateFrom({ totalPower: 50, notEnough: false }, 40)).toMatchObject({ enough: false });
    expect(estimateFrom({ totalPower: 40, notEnough: false }, 40)).toMatchObject({ enough: true });
    expect(estimateFrom({ totalPower: 40, notEnough: false }, undefined)).toEqual({
      credits: 40,
      enough: true,
    });
    expect(estimateFrom(null, 5, 'why')).toEqual({ credits: null, balance: 5, unavailable: 'why' });
  });
});

describe('ledger math', () => {
  const manifest = (over: Partial<RenderManifest>): RenderManifest =>
    ({
      schemaVersion: 1,
      id: 'abc123',
      createdAt: local(2026, 11, 1, 9),
      updatedAt: local(2026, 11, 1, 9),
      request: {
        image: '/i.png',
        prompt: 'wave',
        model: 'Kling_2_6',
        duration: '10s',
        generateAudio: true,
        batchCount: 2,
      },
      idempotencyKey: '5d3b1c7a-1e2f-4a5b-8c9d-0e1f2a3b4c5d',
      state: 'done',
      history: [],
      videos: [],
      favourite: false,
      ...over,
    }) as RenderManifest;

  it('keeps a render that WeShop said the cost of, dated by its start; skips the others', () => {
    const startSentAt = local(2026, 11, 2, 8);
    expect(
      ledgerEntryOf(
        manifest({ startSentAt, credits: { powerConsumption: 60, powerBalanceAmount: 940 } }),
      ),
    ).toEqual({
      id: 'abc123',
      at: startSentAt,
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: true,
      batchCount: 2,
      state: 'done',
      prompt: 'wave',
      credits: 60,
      balanceAfter: 940,
    });
    // An older render.json without credits, or with only a balance, costs nothing known.
    expect(ledgerEntryOf(manifest({}))).toBeNull();
    expect(ledgerEntryOf(manifest({ credits: { powerBalanceAmount: 5 } }))).toBeNull();
    expect(ledgerEntryOf(manifest({ credits: { powerConsumption: 0 } }))?.credits).toBe(0);
  });

  const entries = [
    entry({ id: 'a', at: local(2026, 11, 23), credits: 20, model: 'Kling_3_0', balanceAfter: 980 }),
    entry({
      id: 'b',
      at: local(2026, 11, 24),
      credits: 0.1,
      model: 'Kling_2_1',
      balanceAfter: 979.9,
    }),
    entry({ id: 'c', at: local(2026, 11, 24, 18), credits: 0.2, model: 'Kling_2_1' }),
    entry({
      id: 'd',
      at: local(2026, 11, 30),
      credits: 40,
      model: 'Kling_3_0',
      balanceAfter: 939.7,
    }),
  ];

  it('totals by model, local day and ISO week, without floating-point drift', () => {
    expect(summariseLedger(entries)).toEqual({
      credits: 60.3,
      renders: 4,
      byAgent: { kling: 60.3 },
      byModel: { Kling_3_0: 60, Kling_2_1: 0.3 },
      byDay: { '2026-11-23': 20, '2026-11-24': 0.3, '2026-11-30': 40 },
      byWeek: { '2026-W48': 20.3, '2026-W49': 40 },
    });
  });

  it('groups the whole Kling family by agent and by model', () => {
    const family = [
      entry({ id: 'k', credits: 20, model: 'Kling_3_0' }),
      entry({ id: 'o', credits: 30, model: 'Kling_V3_Omni' }),
      entry({ id: 'e', credits: 10, model: 'Kling_Video_O1_Ele' }),
      entry({ id: 'i', credits: 15, model: 'Kling_Video_O1_I2V' }),
      entry({ id: 'm', credits: 25, model: 'Kling_Motion_Control' }),
    ];
    const summary = summariseLedger(family);
    expect(summary.byAgent).toEqual({
      kling: 20,
      'kling-v3-omni': 30,
      'kling-O1': 25,
      'kling-motion-control': 25,
    });
    expect(summary.byModel).toEqual({
      Kling_3_0: 20,
      Kling_V3_Omni: 30,
      Kling_Video_O1_Ele: 10,
      Kling_Video_O1_I2V: 15,
      Kling_Motion_Control: 25,
    });
  });

  it('counts only days on or after --since, oldest first', () => {
    expect(summariseLedger(entries, '2026-11-24')).toMatchObject({ credits: 40.3, renders: 3 });
    expect(entriesSince([...entries].reverse(), '2026-11-24').map((e) => e.id)).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(summariseLedger(entries, '2027-01-01')).toEqual({
      credits: 0,
      renders: 0,
      byAgent: {},
      byModel: {},
      byDay: {},
      byWeek: {},
    });
  });

  it('reads the last balance by spending time, and what one day spent', () => {
    expect(latestBalance(entries)).toBe(939.7);
    expect(latestBalance([...entries].reverse())).toBe(939.7);
    expect(latestBalance([entry({ balanceAfter: undefined })])).toBeUndefined();
    expect(spentOnDay(entries, '2026-11-24')).toBe(0.3);
    expect(spentOnDay(entries, '2026-11-25')).toBe(0);
  });

  it('names ISO weeks across a year end, and days in local time', () => {
    expect(weekKey(new Date(2026, 0, 1))).toBe('2026-W01'); // a Thursday
    expect(weekKey(new Date(2027, 0, 1))).toBe('2026-W53'); // a Friday: last week of 2026
    expect(weekKey(new Date(2024, 11, 30))).toBe('2025-W01');
    expect(dayKey(new Date(2026, 1, 3, 23, 59))).toBe('2026-02-03');
  });

  it('accepts only real calendar days for --since', () => {
    expect(DayString.safeParse('2026-11-01').success).toBe(true);
    expect(DayString.safeParse('2026-02-30').success).toBe(false);
    expect(DayString.safeParse('1/11/2026').success).toBe(false);
  });
});

// The English of a verdict: what the CLI prints.
const said = (verdict: BudgetVerdict) =>
  verdict.kind === 'over'
    ? { kind: 'over', reasons: reasonMessages(verdict.reasons) }
    : verdict.kind === 'unknown'
      ? { kind: 'unknown', reason: verdict.reason.message }
      : verdict;

describe('budget rules', () => {
  const caps = capsFromSettings({ maxCreditsPerRender: 50, maxCreditsPerDay: 100 });

  it('holds when no cap is set, even without an estimate', () => {
    expect(checkBudget({ credits: null, spentToday: 999, caps: [] })).toEqual({ kind: 'within' });
    expect(capsFromSettings({ maxCreditsPerRender: null, maxCreditsPerDay: null })).toEqual([]);
  });

  it('holds at exactly the caps, and is over one credit past either', () => {
    expect(checkBudget({ credits: 50, spentToday: 50, caps })).toEqual({ kind: 'within' });
    expect(said(checkBudget({ credits: 51, spentToday: 0, caps }))).toEqual({
      kind: 'over',
      reasons: [
        'This render is estimated at 51 credits, more than your per-render cap of 50 credits.',
      ],
    });
    expect(said(checkBudget({ credits: 30, spentToday: 71, caps }))).toEqual({
      kind: 'over',
      reasons: [
        '71 credits spent today plus 30 credits for this render makes 101 credits, more than your daily cap of 100 credits.',
      ],
    });
    expect(said(checkBudget({ credits: 60, spentToday: 60, caps }))).toMatchObject({
      kind: 'over',
      reasons: [expect.stringContaining('per-render'), expect.stringContaining('daily')],
    });
  });

  it('gives each reason an id and its values, for the app to say in its language', () => {
    expect(checkBudget({ credits: 30, spentToday: 71, caps })).toMatchObject({
      kind: 'over',
      reasons: [
        {
          check: 'overDay',
          params: {
            subject: { id: 'render' },
            caps: [{ cap: 'daily', limit: 100 }],
            credits: 30,
            spent: 71,
            total: 101,
          },
        },
      ],
    });
    const unknown = checkBudget({ credits: null, spentToday: 0, caps });
    expect(unknown).toMatchObject({
      kind: 'unknown',
      reason: { check: 'unknown', params: { caps: [{ cap: 'perRender' }, { cap: 'daily' }] } },
    });
    // What crosses IPC (a catalog set's budget) is checked by the shared schema.
    if (unknown.kind === 'unknown')
      expect(BudgetReason.parse(unknown.reason)).toEqual(unknown.reason);
  });

  it('names what is paid for: a set of renders is checked by its total', () => {
    expect(
      said(checkBudget({ credits: 120, spentToday: 0, caps, subject: { id: 'set', n: 4 } })),
    ).toMatchObject({
      kind: 'over',
      reasons: [
        'This set of 4 renders is estimated at 120 credits, more than your per-render cap of 50 credits.',
        '0 credits spent today plus 120 credits for this set of 4 renders makes 120 credits, more than your daily cap of 100 credits.',
      ],
    });
  });

  it('says when a cap cannot be checked for want of an estimate', () => {
    expect(said(checkBudget({ credits: null, spentToday: 0, caps }))).toEqual({
      kind: 'unknown',
      reason:
        'No cost estimate is available, so your per-render cap (50 credits) and your daily cap (100 credits) cannot be checked.',
    });
  });
});

describe('checkManyBudget (a batch or a set)', () => {
  const caps = capsFromSettings({ maxCreditsPerRender: 50, maxCreditsPerDay: 100 });
  const judge = (credits: (number | null)[], spentToday: number | null) => {
    const { over, unchecked } = checkManyBudget({
      credits,
      spentToday,
      caps,
      subjectOf: (i) => ({ id: 'renderOfSet', n: i + 1 }),
      wholeSubject: { id: 'set', n: credits.length },
    });
    return { over: reasonMessages(over), unchecked: reasonMessages(unchecked) };
  };

  it('holds each render to the per-render cap, not the total', () => {
    expect(judge([40, 40], 0)).toEqual({ over: [], unchecked: [] });
    expect(judge([40, 60], 0).over).toEqual([
      'Render 2 of the set is estimated at 60 credits, more than your per-render cap of 50 credits.',
    ]);
  });

  it('holds the total plus today to the daily cap', () => {
    expect(judge([40, 40], 30).over).toEqual([
      '30 credits spent today plus 80 credits for this set of 2 renders makes 110 credits, more than your daily cap of 100 credits.',
    ]);
  });

  it('says which caps a missing estimate or an unread day leaves unchecked', () => {
    const missing = judge([40, null], 0);
    expect(missing.over).toEqual([]);
    expect(missing.unchecked).toHaveLength(2);
    expect(missing.unchecked[0]).toMatch(
      /^Render 2 of the set: .*per-render cap.*cannot be checked/,
    );
    expect(missing.unchecked[1]).toMatch(/daily cap.*cannot be checked/);
    expect(judge([40, 40], null).unchecked).toEqual([
      expect.stringMatching(/daily cap.*cannot be checked/),
    ]);
  });
});
