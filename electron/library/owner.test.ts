/**
 * The liveness rule (owner.ts, beacon.ts) with real sockets and real processes. A second
 * registry (createOwners) in this process stands for a second process where only the rule
 * is under test; a process that dies is a real child killed with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { beaconFileName, probeBeacon } from './beacon';
import { journalFileName, scanJournals } from './index-file';
import { beaconsDir } from './layout';
import {
  createOwners,
  defaultOwnersDeps,
  isOwner,
  type Owner,
  type OwnersDeps,
  onOwnerProblem,
  setOwnerProblemFallback,
} from './owner';
import { makeTempHome } from './testing';

const CHILD = join(import.meta.dirname, 'owner.child.ts');

let home: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];
const problems: string[] = [];

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-owner-'));
  problems.length = 0;
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await cleanup();
});

/** A registry standing for one process (its own beacons and live tokens). */
const registry = (deps: Partial<OwnersDeps> = {}) =>
  createOwners({
    ...defaultOwnersDeps(),
    problem: (message, fields) => problems.push(`${message} ${JSON.stringify(fields)}`),
    ...deps,
  });

/** A real process owning something in `inHome`; resolves with the record it announced. */
async function liveChild(inHome = home): Promise<{ child: ChildProcess; record: Owner }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, inHome], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`owner.child.ts exited (${code}): ${out}`)));
  });
  const record: unknown = JSON.parse(line);
  if (!isOwner(record)) throw new Error(`not an owner record: ${line}`);
  return { child, record };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

const startOf = (pid: number) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? '';
};

const linux = process.platform === 'linux';

describe('owner liveness: the beacon', () => {
  for (const [name, long] of [
    ['', false],
    [' (a home path past the 107-byte socket limit)', true],
  ] as const) {
    it.skipIf(long && !linux)(
      `a live process is alive; killed, its leftover socket file says dead at once${name}`,
      async () => {
        const inHome = long ? join(home, 'a'.repeat(60), 'b'.repeat(60)) : home;
        const { child, record } = await liveChild(inHome);
        expect(record.beacon).toMatch(/^[0-9a-f]{16}$/);
        const reader = registry();
        expect(await reader.isAlive(record, inHome)).toBe(true);

        await kill(child);
        const file = join(beaconsDir(inHome), beaconFileName(record.beacon as string));
        expect((await stat(file)).isSocket()).toBe(true); // SIGKILL removed nothing
        expect(await reader.isAlive(record, inHome)).toBe(false);
        expect(problems).toEqual([]);
      },
    );
  }

  it('judges by the beacon, not the pid: pid 1 with another start time is alive while it listens', async () => {
    const { child, record } = await liveChild();
    // What a process in another PID namespace records: its pid there, its start time.
    const namespaced = { ...record, pid: 1, start: '1' };
    expect(await registry().isAlive(namespaced, home)).toBe(true);
    await kill(child);
    expect(await registry().isAlive(namespaced, home)).toBe(false);
  });

  it("a process's last owner in a home closes its beacon: the leftover records are dead", async () => {
    const other = registry();
    const owner = other.newOwner('cache', home);
    const record = await other.announce(owner);
    const reader = registry();
    expect(await reader.isAlive(record, home)).toBe(true);
    await other.retireOwner(owner);
    expect(await reader.isAlive(record, home)).toBe(false);
    expect(await readdir(beaconsDir(home))).toEqual([]); // closed, and its file removed
  });

  it('owners of this process are alive while open and dead once retired, beacon or not', async () => {
    const me = registry();
    const first = me.newOwner('first', home);
    const second = me.newOwner('second', home);
    const record = await me.announce(first);
    expect(await me.isAlive(record, home)).toBe(true);
    await me.retireOwner(first);
    // The beacon still listens for `second`, yet `first` is closed.
    expect(await me.isAlive(record, home)).toBe(false);
    expect(await me.isAlive(await me.announce(second), home)).toBe(true);
    await me.retireOwner(second);
  });

  it('finds the beacon under its own home: a record holds no path', async () => {
    const { record } = await liveChild();
    expect(JSON.stringify(record)).not.toContain(home);
    const elsewhere = await makeTempHome('kling-owner-other-');
    try {
      // Another library folder has no such socket: not this process, so dead there.
      expect(await registry().isAlive(record, elsewhere.home)).toBe(false);
    } finally {
      await elsewhere.remove();
    }
  });

  it('counts an unexpected connect error as alive (a full backlog answers EAGAIN), and says so', async () => {
    // A listener with a backlog of 1 whose event loop is blocked: nothing is ever accepted.
    const id = 'abcdefabcdef0123';
    const script = `
      const net = require('node:net'); const fs = require('node:fs');
      fs.mkdirSync(process.argv[1], { recursive: true });
      net.createServer().listen({ path: process.argv[1] + '/${id}.sock', backlog: 1 }, () => {
        process.stdout.write('ready\\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      });`;
    const child = spawn(process.execPath, ['-e', script, beaconsDir(home)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await once(child.stdout as NodeJS.ReadableStream, 'data');
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await probeBeacon(home, id, process.platform, 500));
    expect(answers.map((a) => a.verdict)).not.toContain('dead');
    expect(answers.some((a) => a.note !== undefined)).toBe(true); // EAGAIN or a timeout
    const record = { pid: 1, host: hostname(), start: '1', token: 't', beacon: id };
    expect(await registry().isAlive(record, home)).toBe(true);
    expect(problems.join('\n')).toMatch(/cannot ask a process whether it lives/);
  });

  it('removes a dead process’s socket file when burying it, never a live one', async () => {
    const live = await liveChild();
    const dead = await liveChild();
    await kill(dead.child);
    const reader = registry();
    await reader.buryOwner(live.record, home);
    await reader.buryOwner(dead.record, home);
    expect(await readdir(beaconsDir(home))).toEqual([beaconFileName(live.record.beacon ?? '')]);
    expect(await reader.isAlive(live.record, home)).toBe(true);
    expect(await reader.isAlive(dead.record, home)).toBe(false);
  });
});

describe('owner liveness: machines, and records without a beacon', () => {
  it('an older record (no beacon) follows the pid rule: gone, reused, or alive', async () => {
    const { child } = await liveChild();
    const pid = child.pid as number;
    const reader = registry();
    const old = { host: hostname(), token: 'old' };
    expect(await reader.isAlive({ ...old, pid: await deadPid(), start: '' }, home)).toBe(false);
    if (linux) {
      expect(await reader.isAlive({ ...old, pid, start: startOf(pid) }, home)).toBe(true);
      expect(await reader.isAlive({ ...old, pid, start: '1' }, home)).toBe(false); // reused pid
    } else {
      expect(await reader.isAlive({ ...old, pid, start: '' }, home)).toBe(true);
    }
  });

  it('another machine cannot be asked: alive, even with a dead beacon here', async () => {
    const { child, record } = await liveChild();
    await kill(child);
    const reader = registry({ hostname: () => 'elsewhere', bootId: () => 'another-boot-id' });
    expect(await reader.isAlive(record, home)).toBe(true);
  });

  it('another host name on the same kernel (a container) is asked through its beacon', async () => {
    const { child, record } = await liveChild();
    const reader = registry({ hostname: () => 'the-host', bootId: () => record.boot });
    expect(record.boot).toBeDefined();
    expect(await reader.isAlive(record, home)).toBe(true);
    await kill(child);
    expect(await reader.isAlive(record, home)).toBe(false);
    // Without a beacon its pids mean nothing here: it stays alive.
    const { beacon: _, ...noBeacon } = record;
    expect(await reader.isAlive({ ...noBeacon, pid: await deadPid() }, home)).toBe(true);
  });

  it('falls back to the pid rule, saying so, when a beacon cannot be reached at all', async () => {
    const reader = registry({
      probe: async () => ({ verdict: 'unknown', note: 'the path is too long' }),
    });
    const record = {
      pid: await deadPid(),
      host: hostname(),
      start: '',
      token: 't',
      beacon: '0123456789abcdef',
    };
    expect(await reader.isAlive(record, home)).toBe(false);
    expect(problems.join('\n')).toMatch(/the path is too long/);
  });

  it('writes the record without a beacon, and says why, when it cannot listen', async () => {
    const me = registry({
      listen: async () => {
        throw new Error('EACCES');
      },
    });
    const record = await me.announce(me.newOwner('t', home));
    expect(record.beacon).toBeUndefined();
    expect(problems.join('\n')).toMatch(/no liveness socket for this process.*EACCES/s);
  });

  it('says a read-only disk is why, not a path to shorten, when listen fails with EROFS', async () => {
    const me = registry({
      listen: async () => {
        throw Object.assign(new Error('listen EROFS: read-only file system'), { code: 'EROFS' });
      },
    });
    expect((await me.announce(me.newOwner('t', home))).beacon).toBeUndefined();
    expect(problems.join('\n')).toMatch(/no liveness socket .*read-only disk/);
    expect(problems.join('\n')).not.toMatch(/shorter path/);
  });

  it("sends a problem nobody listens for to the fallback (the CLI's log), never a Node warning", () => {
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const toFallback: string[] = [];
    const toListener: string[] = [];
    const stopFallback = setOwnerProblemFallback((message) => toFallback.push(message));
    try {
      const { problem } = defaultOwnersDeps();
      problem('first', {});
      const stopListening = onOwnerProblem((message) => toListener.push(message));
      problem('second', {}); // a core listens: only it hears
      stopListening();
      expect(toFallback).toEqual(['first']);
      expect(toListener).toEqual(['second']);
      expect(warned).not.toHaveBeenCalled();
    } finally {
      stopFallback();
      warned.mockRestore();
    }
  });

  it('refuses a record whose beacon is not an id (it becomes a path)', () => {
    const base = { pid: 1, host: 'h', start: '', token: 't' };
    expect(isOwner({ ...base, beacon: '0123456789abcdef' })).toBe(true);
    expect(isOwner({ ...base, beacon: '../../etc/x' })).toBe(false);
    expect(isOwner(base)).toBe(true); // an older version's record
  });
});

describe('owner liveness: journals', () => {
  it("a journal's name carries the beacon; a live one is live, a killed one's is dead", async () => {
    const { child, record } = await liveChild();
    const name = journalFileName(record);
    expect(name.split('.')).toHaveLength(4); // older versions still read it (by pid)
    await mkdir(join(home, 'journals'), { recursive: true });
    await writeFile(join(home, 'journals', name), '');
    expect((await scanJournals(home)).live.size).toBe(1);
    await kill(child);
    const scan = await scanJournals(home);
    expect(scan.dead).toEqual([join(home, 'journals', name)]);
    expect(scan.deadOwners).toEqual([record]);
  });
});
