/**
 * Several library instances on one home, as several processes use it (the app and CLIs).
 * Each instance is its own owner (owner.ts), so these run in one process; the dead owner of
 * a claim or a journal is a real process that has exited. Real child processes driving
 * renders are in test/reliability/shared-home.test.ts.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { claimDir, manifestPath } from './layout';
import { createLibrary, type Library } from './library';
import { indexDbPath } from './sqlite-index/open-index';
import { makeTempHome } from './testing';

const request = (prompt: string) => ({ image: '/pictures/cat.png', prompt });

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
const open = (options: Partial<Parameters<typeof createLibrary>[0]> = {}) => {
  const library = createLibrary({ home, indexDebounceMs: 5, ...options });
  libraries.push(library);
  return library;
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-multi-'));
  libraries = [];
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

/** Runs `use` on library.sqlite itself (as another process, or a crash, would leave it). */
async function withIndex<T>(use: (db: import('better-sqlite3').Database) => T): Promise<T> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(indexDbPath(home));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** What the index file holds, read by a connection of its own. */
async function indexOnDisk(): Promise<Map<string, RenderManifest>> {
  const rows = await withIndex(
    (db) => db.prepare('SELECT json FROM manifests').pluck().all() as string[],
  );
  return new Map(rows.map((json) => JSON.parse(json) as RenderManifest).map((m) => [m.id, m]));
}

const markWrite = (id: string, owner: object) =>
  withIndex((db) =>
    db
      .prepare('INSERT INTO writing (id, owner, count) VALUES (?, ?, 1)')
      .run(id, JSON.stringify(owner)),
  );
const markCount = () =>
  withIndex((db) => db.prepare('SELECT count(*) FROM writing').pluck().get() as number);

/** The pid of a process that has exited (nobody can hold anything with it). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid as number;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

const deadOwner = async (token: string) => ({
  pid: await deadPid(),
  host: hostname(),
  start: '',
  token,
});

/**
 * Every file under home with its mtime: what a read-only open must leave exactly as it was.
 * SQLite's -wal and -shm files are left out: a reader of a WAL database makes them when no
 * other process has (empty; they hold no data and disturb no one).
 */
async function snapshot(): Promise<string[]> {
  const entries = await readdir(home, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (/\.sqlite-(?:wal|shm)$/.test(e.name)) continue;
    const path = join(e.parentPath, e.name);
    const info = await stat(path);
    out.push(`${path} ${e.isFile() ? info.size : 'dir'} ${info.mtimeMs}`);
  }
  return out.sort();
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 2_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('library: several processes on one home', () => {
  it("an index write never erases another process's newer entries", async () => {
    const app = open();
    const r1 = await app.create(request('restarted by the app'));
    await app.flush();
    const cli = open();
    const r2 = await cli.create(request('the CLI render'));
    expect((await cli.list()).total).toBe(2); // the CLI's view: r1 queued
    // The app restarts r1 (new run id) and writes the index...
    await app.update(r1.id, (m) => {
      m.state = 'running';
      m.executionId = 'exec-new';
      m.startSentAt = m.updatedAt;
    });
    await app.flush();
    // ...then the CLI, whose view of r1 is stale, writes the index too.
    await cli.update(r2.id, (m) => {
      m.favourite = true;
    });
    await cli.flush();
    const index = await indexOnDisk();
    expect(index.get(r1.id)).toMatchObject({ state: 'running', executionId: 'exec-new' });
    expect(index.get(r2.id)).toMatchObject({ favourite: true });
    // A fresh open (resume, the next app start) trusts that index for r1.
    expect((await open().list()).items.find((m) => m.id === r1.id)?.state).toBe('running');
  });

  it('a render both processes wrote keeps the newest copy in the index', async () => {
    const a = open();
    const { id } = await a.create(request('both'));
    await a.flush();
    const b = open();
    await b.list();
    await a.update(id, (m) => {
      m.favourite = true;
    });
    await b.update(id, (m) => {
      m.state = 'uploading'; // read-modify-write from render.json: keeps the favourite
    });
    await b.flush();
    await a.flush(); // a's copy in memory is older than b's write: render.json decides
    expect((await indexOnDisk()).get(id)).toMatchObject({ favourite: true, state: 'uploading' });
  });

  it("a dead process's unfinished write is re-read by the next open, and its mark cleared", async () => {
    const first = open();
    const { id } = await first.create(request('marked'));
    await first.close();
    // A process that died after writing render.json, before its row.
    const edited = {
      ...JSON.parse(await readFile(manifestPath(home, id), 'utf8')),
      favourite: true,
      updatedAt: new Date(Date.now() + 1).toISOString(),
    };
    await writeFile(manifestPath(home, id), JSON.stringify(edited));
    await markWrite(id, await deadOwner('deadbeef'));

    const next = open();
    expect((await next.list()).items[0]?.favourite).toBe(true);
    expect(await markCount()).toBe(0);
    expect((await indexOnDisk()).get(id)?.favourite).toBe(true);
  });

  it('a render another process just wrote is listed at once, and no mark is left', async () => {
    const live = open();
    const { id } = await live.create(request('live'));
    const other = open();
    expect((await other.list()).items.map((m) => m.id)).toEqual([id]);
    await other.close();
    expect(await markCount()).toBe(0); // each write clears its own mark
  });

  it('a read-only open (list, show) writes nothing, yet lists the truth', async () => {
    const writer = open();
    const { id } = await writer.create(request('read only'));
    await writer.update(id, (m) => {
      m.state = 'uploading';
    });
    await writer.close();
    // A dead process's unfinished write: a writable open would fix the index.
    const edited = {
      ...JSON.parse(await readFile(manifestPath(home, id), 'utf8')),
      favourite: true,
      updatedAt: new Date(Date.now() + 1).toISOString(),
    };
    await writeFile(manifestPath(home, id), JSON.stringify(edited));
    await markWrite(id, await deadOwner('cafe'));
    const before = await snapshot();

    const reader = open({ readOnly: true });
    expect((await reader.list()).items[0]).toMatchObject({ id, favourite: true });
    expect(await reader.read(id)).toMatchObject({ id, favourite: true });
    await expect(reader.update(id, () => undefined)).rejects.toThrow(/read-only/);
    await expect(reader.create(request('no'))).rejects.toThrow(/read-only/);
    await reader.close();
    expect(await snapshot()).toEqual(before);
  });

  it('a read-only open of a library that does not exist yet creates nothing', async () => {
    const empty = join(home, 'not-yet');
    const reader = createLibrary({ home: empty, readOnly: true });
    expect((await reader.list()).total).toBe(0);
    await reader.close();
    await expect(stat(empty)).rejects.toThrow(/ENOENT/);
  });
});

describe('library: claims (one live process drives each job)', () => {
  it('the creator holds the claim; another process is refused until it is released', async () => {
    const app = open();
    const { id } = await app.create(request('claimed'));
    const cli = open();
    expect(await cli.claim(id)).toEqual({ ok: false, owner: `process ${process.pid}` });
    expect(await cli.driver(id)).toBe(`process ${process.pid}`);
    expect(await app.driver(id)).toBe('this');
    expect(await app.claim(id)).toEqual({ ok: true }); // already its own
    await app.release(id);
    expect(await cli.claim(id)).toEqual({ ok: true });
    expect(await app.claim(id)).toMatchObject({ ok: false });
    await cli.close(); // closing releases every claim
    expect(await app.claim(id)).toEqual({ ok: true });
  });

  it("a dead process's claim is taken over at once, without waiting for a timeout", async () => {
    const first = open();
    const { id } = await first.create(request('orphaned'));
    await first.close();
    await writeFile(join(claimDir(home, id), '7'), JSON.stringify(await deadOwner('gone')));
    const started = performance.now();
    expect(await open().claim(id)).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('of several successors racing for dead claims, exactly one wins each', async () => {
    const seed = open();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await seed.create(request(`job ${i}`))).id);
    await seed.close();
    const dead = await deadOwner('dead');
    for (const id of ids) await writeFile(join(claimDir(home, id), '1'), JSON.stringify(dead));
    const racers = [open(), open(), open(), open()];
    const results = await Promise.all(
      racers.map((library) => Promise.all(ids.map((id) => library.claim(id)))),
    );
    for (let i = 0; i < ids.length; i++) {
      const winners = results.filter((perRacer) => perRacer[i]?.ok).length;
      expect(winners, ids[i]).toBe(1);
    }
  });

  it('a claim file that is not a claim (cut short) does not block anyone for good', async () => {
    const first = open();
    const { id } = await first.create(request('garbage'));
    await first.close();
    await writeFile(join(claimDir(home, id), '9'), '{"pid": 12');
    expect(await open().claim(id)).toEqual({ ok: true });
  });
});

describe('library: watching other processes', () => {
  it('a render another process creates or changes reaches the listener within 2 s', async () => {
    const app = open();
    await app.list();
    const seen: RenderManifest[] = [];
    const stop = app.watch((m) => seen.push(m), 100);
    const cli = open();
    const { id } = await cli.create(request('from the CLI'));
    await waitFor(() => seen.some((m) => m.id === id), 'the new render');
    expect((await app.list()).items.map((m) => m.id)).toContain(id);
    await cli.update(id, (m) => {
      m.state = 'uploading';
    });
    await waitFor(() => seen.some((m) => m.id === id && m.state === 'uploading'), 'the update');
    await cli.update(id, (m) => {
      m.favourite = true;
    });
    await cli.close();
    await waitFor(() => seen.some((m) => m.id === id && m.favourite), 'the favourite');
    stop();
  });
});
