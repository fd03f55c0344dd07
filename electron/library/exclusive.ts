import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { sleep } from '../../shared/sleep';
import { diskError, withDiskErrors } from './disk-errors';
import { announce, buryOwner, isAlive, isOwner, type Owner, sameOwner } from './owner';

/*
 * One holder at a time across processes, without a stale-lock timeout: a folder of numbered
 * "generation" files, each naming the owner that created it. The highest number is the
 * current holder, unless it says released or its owner is dead (see owner.ts).
 *
 * - Taking: read the highest generation n; if it is free, create n + 1 with link() (atomic,
 *   fails on an existing name, and the file appears with its whole content). Of two
 *   processes that both see a dead holder, exactly one creates n + 1; the other gets EEXIST
 *   and looks again. Nobody ever waits for a dead owner to time out.
 * - The highest number never goes away: release rewrites it (atomically) as released, and
 *   a winner deletes only lower numbers. A process that looked long ago and re-creates such
 *   a deleted lower number then sees a higher one when it checks, and backs off.
 * - `home` is the library home the slot lives in, as this process sees it: an owner's
 *   liveness socket is looked for there (owner.ts).
 */

interface SlotRecord extends Owner {
  released?: true;
}

export type TakeResult = { ok: true } | { ok: false; holder: Owner };

const GENERATION = /^\d+$/;
const MAX_ROUNDS = 20;

async function generations(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    // A file in the way or a folder we may not read: said in words like a failed write.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw diskError(error, dir);
    await withDiskErrors(dir, () => mkdir(dir, { recursive: true }));
    names = [];
  }
  return names
    .filter((n) => GENERATION.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The record, or null when it vanished (a winner cleaned it up) or is unreadable. */
async function readRecord(dir: string, generation: number): Promise<SlotRecord | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, String(generation)), 'utf8'));
    return isOwner(parsed) ? (parsed as SlotRecord) : null;
  } catch {
    return null;
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Tries once to hold the slot in `dir` (already held by `me` counts as taken). */
export async function takeSlot(home: string, dir: string, me: Owner): Promise<TakeResult> {
  // Written only once this process's beacon listens: nobody may find it dead meanwhile.
  const record = await announce(me);
  let dead: Owner | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const gens = await generations(dir);
    const top = gens.at(-1);
    if (top !== undefined) {
      const holder = await readRecord(dir, top);
      // Unreadable: cleaned up under us, or an unparseable file: look again, then treat as free.
      if (holder === null && round < MAX_ROUNDS / 2) continue;
      if (holder && !holder.released) {
        if (sameOwner(holder, me)) return { ok: true };
        if (await isAlive(holder, home)) return { ok: false, holder };
        dead = holder;
      }
    }
    const next = (top ?? 0) + 1;
    const temp = join(dir, `.${next}.${me.token}.tmp`);
    await withDiskErrors(temp, () => writeFile(temp, JSON.stringify(record)));
    try {
      await link(temp, join(dir, String(next)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // someone else won
      throw diskError(error, join(dir, String(next)));
    } finally {
      await unlinkQuietly(temp);
    }
    const after = await generations(dir);
    if ((after.at(-1) ?? next) > next) {
      // We looked at an old listing and re-created a number a winner had cleaned up.
      await unlinkQuietly(join(dir, String(next)));
      continue;
    }
    for (const old of after) if (old < next) await unlinkQuietly(join(dir, String(old)));
    if (dead) await buryOwner(dead, home); // the socket file its process left behind
    return { ok: true };
  }
  throw new Error(`Could not settle who holds ${dir} (too much contention)`);
}

/** Marks the slot released if `me` holds it (a no-op otherwise). */
export async function releaseSlot(dir: string, me: Owner): Promise<void> {
  const top = (await generations(dir)).at(-1);
  if (top === undefined) return;
  const holder = await readRecord(dir, top);
  if (!holder || holder.released || !sameOwner(holder, me)) return;
  const released: SlotRecord = { ...me, released: true };
  const path = join(dir, String(top));
  await withDiskErrors(path, () => writeFileAtomic(path, JSON.stringify(released)));
}

/** The live holder of the slot, or null when it is free. */
export async function slotHolder(home: string, dir: string): Promise<Owner | null> {
  const top = (await generations(dir).catch(() => [] as number[])).at(-1);
  if (top === undefined) return null;
  const holder = await readRecord(dir, top);
  if (!holder || holder.released || !(await isAlive(holder, home))) return null;
  return holder;
}

/**
 * Holds the slot for the duration of `task`, waiting (polling) while a live owner holds it.
 * Throws after `timeoutMs` (a live holder that never lets go): the caller fails safe.
 */
export async function withSlot<T>(
  home: string,
  dir: string,
  me: Owner,
  task: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let wait = 2;
  for (;;) {
    const taken = await takeSlot(home, dir, me);
    if (taken.ok) break;
    if (performance.now() > deadline)
      throw new Error(`${dir} is held by process ${taken.holder.pid} for too long`);
    await sleep(wait);
    wait = Math.min(wait * 2, 25);
  }
  try {
    return await task();
  } finally {
    await releaseSlot(dir, me);
  }
}
