import { type LedgerEntry, latestBalance, ledgerEntryOf } from '../../shared/credits';
import type { RenderManifest } from '../../shared/job';

/** Anything that lists manifests (the library, read-only or not). */
export interface ManifestSource {
  list(query?: { sort?: 'newest' }): Promise<{ items: RenderManifest[] }>;
}

/** Every render WeShop said the cost of, oldest first. */
export async function readLedger(library: ManifestSource): Promise<LedgerEntry[]> {
  const { items } = await library.list({ sort: 'newest' });
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
