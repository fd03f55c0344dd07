import { type LedgerEntry, latestBalance, ledgerEntryOf } from '../../shared/credits';
import type { RenderManifest } from '../../shared/job';

/** Anything that lists manifests (the library, read-only or not). */
export interface ManifestSource {
  list(query?: {
    sort?: 'newest';
    offset?: number;
    limit?: number;
  }): Promise<{ items: RenderManifest[]; total: number }>;
}

/** The most one list call returns (shared/job.ts LibraryQuery.limit). */
const PAGE = 20_000;

/** Every render WeShop said the cost of, oldest first (every page: totals must not stop at one). */
export async function readLedger(library: ManifestSource): Promise<LedgerEntry[]> {
  const items: RenderManifest[] = [];
  for (;;) {
    const page = await library.list({ sort: 'newest', offset: items.length, limit: PAGE });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) break;
  }
  const entries = items.flatMap((manifest) => {
    const entry = ledgerEntryOf(manifest);
    return entry ? [entry] : [];
  });
  return entries.reverse();
}

/** The ledger and the last balance WeShop reported (null when it never did). */
export async function readLedgerWithBalance(
  library: ManifestSource,
): Promise<{ entries: LedgerEntry[]; balance: number | null }> {
  const entries = await readLedger(library);
  return { entries, balance: latestBalance(entries) ?? null };
}
