import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * Who holds a claim, a lock or a journal: a process (pid, host, and on Linux its start time,
 * so a pid reused after a crash is not taken for the old owner) and one library instance in
 * it (the token: two libraries open in one process, as in tests, are two owners).
 */
export interface Owner {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux); '' where unknown. */
  start: string;
  token: string;
}

/** Tokens of the library instances open in this process; a closed one's claims are dead. */
const liveTokens = new Set<string>();

/** Field 22 of /proc/<pid>/stat: after the last ')' (the command name may hold anything). */
function startFromStat(text: string): string {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

let ownStart: string | undefined;
function ownProcessStart(): string {
  if (ownStart === undefined) {
    try {
      ownStart = startFromStat(readFileSync('/proc/self/stat', 'utf8'));
    } catch {
      ownStart = ''; // not Linux: liveness falls back to the pid alone
    }
  }
  return ownStart;
}

export function newOwner(token: string): Owner {
  liveTokens.add(token);
  return { pid: process.pid, host: hostname(), start: ownProcessStart(), token };
}

/** The instance stops owning anything (its claims and journal count as a dead owner's). */
export function retireOwner(owner: Owner): void {
  liveTokens.delete(owner.token);
}

export const sameOwner = (a: Owner, b: Owner) =>
  a.token === b.token && a.pid === b.pid && a.host === b.host;

export function isOwner(value: unknown): value is Owner {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Partial<Record<keyof Owner, unknown>>;
  return (
    Number.isInteger(o.pid) &&
    typeof o.host === 'string' &&
    typeof o.start === 'string' &&
    typeof o.token === 'string'
  );
}

/**
 * False only when the owner is certainly gone: its process has exited (ESRCH), its pid now
 * belongs to a process started at another time, or (in this process) its library was
 * closed. An owner on another host cannot be checked and counts as alive.
 */
export async function isAlive(owner: Owner): Promise<boolean> {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return liveTokens.has(owner.token);
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

export const describeOwner = (owner: Owner) =>
  owner.host === hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
