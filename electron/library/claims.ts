import { rm } from 'node:fs/promises';
import { releaseSlot, slotHolder, takeSlot } from './exclusive';
import { claimDir } from './layout';
import { describeOwner, type Owner } from './owner';

export type ClaimResult = { ok: true } | { ok: false; owner: string };

/**
 * Which process drives which job: a slot (exclusive.ts) per render under <home>/claims/<id>.
 * Taken before a job is queued in this process and held until it ends, is stopped or the
 * engine closes; a job whose claim another live process holds is left to that process, and
 * the claim of a process that died is taken over at once.
 */
export function createClaims(home: string, me: Owner) {
  const held = new Set<string>();
  return {
    async claim(id: string): Promise<ClaimResult> {
      // Held here already (create claims a new render, then the queue claims it again): a live
      // holder's slot is never taken by another process, so there is nothing to look at.
      if (held.has(id)) return { ok: true };
      const taken = await takeSlot(home, claimDir(home, id), me);
      if (!taken.ok) return { ok: false, owner: describeOwner(taken.holder) };
      held.add(id);
      return { ok: true };
    },
    async release(id: string): Promise<void> {
      if (!held.delete(id)) return;
      await releaseSlot(claimDir(home, id), me);
    },
    /** Whether this instance holds the claim (nothing is read from disk). */
    holds: (id: string): boolean => held.has(id),
    /** Who drives the job now: 'this' process, another live one (described), or null. */
    async driver(id: string): Promise<'this' | string | null> {
      if (held.has(id)) return 'this';
      const holder = await slotHolder(home, claimDir(home, id));
      return holder ? describeOwner(holder) : null;
    },
    /** After the render was deleted: its claim folder goes too. */
    async forget(id: string): Promise<void> {
      held.delete(id);
      await rm(claimDir(home, id), { recursive: true, force: true });
    },
    async releaseAll(): Promise<void> {
      for (const id of [...held]) await this.release(id);
    },
  };
}
