// Test data builders for shared types (tests only; nothing in the app imports this).
import type { LedgerEntry } from './credits';

/** One priced render in the ledger: a done 5 s Kling_3_0 video for 20 credits, unless `over` says. */
export const makeLedgerEntry = (
  over: Partial<LedgerEntry> & Pick<LedgerEntry, 'at'>,
): LedgerEntry => ({
  id: 'r1',
  model: 'Kling_3_0',
  duration: '5s',
  generateAudio: false,
  batchCount: 1,
  state: 'done',
  prompt: 'p',
  credits: 20,
  ...over,
});
