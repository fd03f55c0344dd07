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

/** Renders read per list call: each page becomes ledger entries before the next is read. */
const PAGE = 1_000;

/** Every render WeShop said the cost of, oldest first (every page: totals must not stop at one). */
export async function readLedger(library: ManifestSource): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for (let seen = 0; ; ) {
    const page = await library.list({ sort: 'newest', offset: seen, limit: PAGE });
    for (const manifest of page.items) {
      const entry = ledgerEntryOf(manifest);
      if (entry) entries.push(entry);
    }
    seen += page.items.length;
    if (page.items.length === 0 || seen >= page.total) break;
  }
  return entries.reverse();
}

/** The ledger and the last balance WeShop reported (null when it never did). */
export async function readLedgerWithBalance(
  library: ManifestSource,
): Promise<{ entries: LedgerEntry[]; balance: number | null }> {
  const entries = await readLedger(library);
  return { entries, balance: latestBalance(entries) ?? null };
}
