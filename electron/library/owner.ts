import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  BEACON_ID,
  type Beacon,
  listenBeacon,
  newBeaconId,
  type ProbeAnswer,
  probeBeacon,
  removeDeadBeacon,
} from './beacon';

/**
 * Who holds a claim, a lock or a journal: a process and one library instance in it (the
 * token: two libraries open in one process, as in tests, are two owners).
 *
 * Whether an owner lives (isAlive), in this order:
 * - another machine (another host name and another kernel boot id) cannot be asked: alive;
 * - an owner of this very process: alive while its instance is open (liveTokens);
 * - a record with a beacon (beacon.ts): the kernel's answer for the socket the process
 *   listens on, found under the reader's own home. Right across PID namespaces and
 *   containers (a Flatpak, a Snap, `unshare -p` or Docker process may record pid 1);
 * - otherwise (records of older versions, or a process that could not listen) the pid rule:
 *   the pid exists and, on Linux, started at the recorded time. Only on the same host name:
 *   a container's pids mean nothing here.
 */
export interface Owner {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux); '' where unknown. */
  start: string;
  token: string;
  /** The kernel's boot id (Linux): the same kernel even under another host name (a container). */
  boot?: string;
  /** The process's liveness socket in the home (beacon.ts); absent in older versions' records. */
  beacon?: string;
}

export type OwnerProblem = (message: string, fields: Record<string, unknown>) => void;

export interface OwnersDeps {
  hostname: () => string;
  pid: number;
  /** This process's start time ('' where unknown). */
  processStart: () => string;
  /** The running kernel's boot id, undefined where there is none to read. */
  bootId: () => string | undefined;
  listen: (home: string, id: string, onError: (error: Error) => void) => Promise<Beacon>;
  probe: (home: string, id: string) => Promise<ProbeAnswer>;
  removeDead: (home: string, id: string) => Promise<boolean>;
  /** Told when liveness cannot be decided the exact way (never silently). */
  problem: OwnerProblem;
}

const BOOT_ID = /^[0-9a-f-]{8,64}$/;

/** Field 22 of /proc/<pid>/stat: after the last ')' (the command name may hold anything). */
function startFromStat(text: string): string {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

function readOnce(read: () => string): () => string {
  let value: string | undefined;
  return () => {
    if (value === undefined) {
      try {
        value = read();
      } catch {
        value = ''; // not Linux: liveness falls back to what else the record says
      }
    }
    return value;
  };
}

const ownProcessStart = readOnce(() => startFromStat(readFileSync('/proc/self/stat', 'utf8')));
const ownBootId = readOnce(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());

/** The pid rule (older records): the pid exists and, where known, started at that time. */
async function pidAlive(owner: Owner): Promise<boolean> {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it is alive.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (!owner.start) return true;
  try {
    return startFromStat(await readFile(`/proc/${owner.pid}/stat`, 'utf8')) === owner.start;
  } catch {
    return true; // no /proc to ask: the pid answered, so take it as alive
  }
}

/** Why this process has no beacon in a home, and what that means. */
function noBeaconProblem(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'EROFS') {
    // Expected (a read-only mount): no claim or journal of this process can be written either.
    return 'no liveness socket for this process: the library is on a read-only disk, where it can claim nothing either';
  }
  return (
    'no liveness socket for this process: other processes judge its claims by pid, which ' +
    'is wrong across PID namespaces (a sandboxed or containerised process may be taken ' +
    'for dead). Use a library folder with a shorter path, or one where sockets can be made'
  );
}

/** What one library home's owners in this process share: one beacon, while any is open. */
interface HomeState {
  tokens: Set<string>;
  beacon?: Promise<Beacon | null>;
}

/** The owners of one process (a second registry in a test stands for a second process). */
export function createOwners(deps: OwnersDeps) {
  /** Open instances of this process: token → home. A closed one's claims are dead. */
  const liveTokens = new Map<string, string>();
  const homes = new Map<string, HomeState>();
  /** Every beacon id this process made: its records are judged by liveTokens. */
  const ownBeacons = new Set<string>();
  const openBeacons = new Set<Beacon>();
  const told = new Set<string>();
  const tellOnce = (key: string, message: string, fields: Record<string, unknown>) => {
    if (told.has(key)) return;
    told.add(key);
    deps.problem(message, fields);
  };
  let exitHooked = false;

  async function startBeacon(home: string): Promise<Beacon | null> {
    const id = newBeaconId();
    ownBeacons.add(id);
    try {
      const beacon = await deps.listen(home, id, (error) =>
        deps.problem('the liveness socket of this process failed', { home, error: String(error) }),
      );
      openBeacons.add(beacon);
      if (!exitHooked) {
        exitHooked = true;
        process.once('exit', () => {
          for (const open of openBeacons) open.removeFileNow();
        });
      }
      return beacon;
    } catch (error) {
      deps.problem(noBeaconProblem(error), { home, error: String(error) });
      return null;
    }
  }

  async function stopBeacon(home: string, state: HomeState): Promise<void> {
    const beacon = await state.beacon;
    if (!beacon) return;
    openBeacons.delete(beacon);
    await beacon.close().catch((error: unknown) => {
      deps.problem('could not remove the liveness socket', { home, error: String(error) });
    });
  }

  const onThisMachine = (owner: Owner) =>
    owner.host === deps.hostname() || (owner.boot !== undefined && owner.boot === deps.bootId());

  const ofThisProcess = (owner: Owner) =>
    owner.beacon !== undefined
      ? ownBeacons.has(owner.beacon)
      : owner.pid === deps.pid && owner.host === deps.hostname();

  return {
    /** A new owner (one library instance, one lock) in `home`; open until retireOwner. */
    newOwner(token: string, home: string): Owner {
      liveTokens.set(token, home);
      const state = homes.get(home) ?? { tokens: new Set<string>() };
      homes.set(home, state);
      state.tokens.add(token);
      const boot = deps.bootId();
      return {
        pid: deps.pid,
        host: deps.hostname(),
        start: deps.processStart(),
        token,
        ...(BOOT_ID.test(boot ?? '') ? { boot } : {}),
      };
    },

    /**
     * The instance stops owning anything (its claims and journal count as a dead owner's).
     * The last owner of a home closes this process's beacon there.
     */
    async retireOwner(owner: Owner): Promise<void> {
      const home = liveTokens.get(owner.token);
      liveTokens.delete(owner.token);
      const state = home === undefined ? undefined : homes.get(home);
      if (home === undefined || !state) return;
      state.tokens.delete(owner.token);
      if (state.tokens.size > 0) return;
      homes.delete(home);
      await stopBeacon(home, state);
    },

    /**
     * The record to write for `owner` (a claim, a lock, a journal's name): with this process's
     * beacon in its home, listening before the record can be read. Without one when the
     * socket cannot be made (told to `problem`; the pid rule then applies to it).
     */
    async announce(owner: Owner): Promise<Owner> {
      const home = liveTokens.get(owner.token);
      const state = home === undefined ? undefined : homes.get(home);
      if (home === undefined || !state) return owner; // retired: it announces nothing
      state.beacon ??= startBeacon(home);
      const beacon = await state.beacon;
      return beacon ? { ...owner, beacon: beacon.id } : owner;
    },

    /**
     * False only when the owner is certainly gone (see Owner). `home` is the reader's own
     * view of the library: a beacon is looked for there.
     */
    async isAlive(owner: Owner, home: string): Promise<boolean> {
      if (!onThisMachine(owner)) return true;
      if (ofThisProcess(owner)) return liveTokens.has(owner.token);
      if (owner.beacon !== undefined) {
        const answer = await deps.probe(home, owner.beacon);
        if (answer.note) {
          tellOnce(`${owner.beacon} ${answer.verdict}`, 'cannot ask a process whether it lives', {
            beacon: owner.beacon,
            pid: owner.pid,
            why: answer.note,
            decided: answer.verdict === 'unknown' ? 'by pid' : answer.verdict,
          });
        }
        if (answer.verdict !== 'unknown') return answer.verdict === 'alive';
      }
      // Pids of a container (another host name on this kernel) mean nothing here.
      if (owner.host !== deps.hostname()) return true;
      return pidAlive(owner);
    },

    /**
     * After a dead owner's record was taken over or merged: removes the socket file its
     * process left behind (only if the kernel still calls it dead).
     */
    async buryOwner(owner: Owner, home: string): Promise<void> {
      if (owner.beacon === undefined || ownBeacons.has(owner.beacon)) return;
      if (!onThisMachine(owner)) return;
      await deps.removeDead(home, owner.beacon).catch((error: unknown) => {
        deps.problem('could not remove a dead process’s liveness socket', {
          home,
          beacon: owner.beacon,
          error: String(error),
        });
      });
    },
  };
}

const problemListeners = new Set<OwnerProblem>();
/** Where problems go while no listener is registered (the CLI: its support log). */
let problemFallback: OwnerProblem | undefined;

/** Sends this process's liveness problems to `listener` (the support log). Returns stop. */
export function onOwnerProblem(listener: OwnerProblem): () => void {
  problemListeners.add(listener);
  return () => problemListeners.delete(listener);
}

/**
 * Where liveness problems go while no onOwnerProblem listener is registered: the CLI sends
 * them to its support log for the whole command, so a command that opens a library without
 * a core (delete) never prints a raw Node warning (a read-only home cannot hold a socket, and
 * that is no reason to print anything). Returns a function that removes it.
 */
export function setOwnerProblemFallback(listener: OwnerProblem): () => void {
  problemFallback = listener;
  return () => {
    if (problemFallback === listener) problemFallback = undefined;
  };
}

function tellProblem(message: string, fields: Record<string, unknown>): void {
  for (const listener of problemListeners) listener(message, fields);
  if (problemListeners.size > 0) return;
  // Nobody set anything (a script using the library alone): a warning, never silence.
  if (problemFallback) problemFallback(message, fields);
  else process.emitWarning(`${message} ${JSON.stringify(fields)}`);
}

export const defaultOwnersDeps = (): OwnersDeps => ({
  hostname,
  pid: process.pid,
  processStart: ownProcessStart,
  bootId: () => ownBootId() || undefined,
  listen: (home, id, onError) => listenBeacon(home, id, process.platform, onError),
  probe: (home, id) => probeBeacon(home, id),
  removeDead: (home, id) => removeDeadBeacon(home, id),
  problem: tellProblem,
});

const owners = createOwners(defaultOwnersDeps());
export const { newOwner, retireOwner, announce, isAlive, buryOwner } = owners;

export const sameOwner = (a: Owner, b: Owner) =>
  a.token === b.token && a.pid === b.pid && a.host === b.host;

const optional = (value: unknown, pattern: RegExp) =>
  value === undefined || (typeof value === 'string' && pattern.test(value));

export function isOwner(value: unknown): value is Owner {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Partial<Record<keyof Owner, unknown>>;
  return (
    Number.isInteger(o.pid) &&
    typeof o.host === 'string' &&
    typeof o.start === 'string' &&
    typeof o.token === 'string' &&
    // A beacon becomes a path: anything but the id's own shape is not a record of ours.
    optional(o.beacon, BEACON_ID) &&
    optional(o.boot, BOOT_ID)
  );
}

export const describeOwner = (owner: Owner) =>
  owner.host === hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
