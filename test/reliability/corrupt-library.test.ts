import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { manifestPath } from '../../electron/library/layout';
import { indexDbPath } from '../../electron/library/sqlite-index/open-index';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { recordCounts } from './support/counts';
import { isLeftover, listFiles } from './support/files';
import {
  expectVideosMatch,
  maxStartsPerKey,
  readManifest,
  type Stack,
  startStack,
} from './support/stack';

/**
 * A damaged library still opens: each problem is reported once, user files that cannot be
 * read are left alone (never overwritten or deleted), and what can be repaired is — a missing
 * video is downloaded again through the engine's resume, from its URL or, when that expired,
 * from a fresh one the run hands out when polled again.
 */

let stack: Stack | undefined;
const corruptions = new Set<string>();

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});
afterAll(async () => {
  await recordCounts('corruptLibrary', { corruptions: corruptions.size });
});

/** n done renders (batch 1), then the library and engine are closed as on quit. */
async function doneRenders(n: number): Promise<RenderManifest[]> {
  stack = await startStack();
  const queued = [];
  for (let i = 0; i < n; i++) {
    queued.push(await stack.engine.queue({ image: FIXTURES.pngImage, prompt: `render ${i}` }));
  }
  await stack.engine.idle();
  const done = await Promise.all(queued.map((q) => readManifest(stack!.library, q.id)));
  for (const m of done) expect(m.state).toBe('done');
  await stack.engine.close();
  await stack.library.close();
  return done;
}

const problemsAbout = (problems: string[], id: string) => problems.filter((p) => p.includes(id));

describe('a corrupt library', () => {
  it('opens, reports each problem once, keeps unreadable files, and repairs what it can', async () => {
    const [truncated, future, missingVideo, strayPart, expired, healthy, gone] =
      await doneRenders(7);
    const s = stack!;
    const folder = (m: RenderManifest) => join(s.home, 'renders', m.id);

    // 1. A render.json cut off mid-write (disk trouble: writes are atomic otherwise).
    const truncatedText = (await readFile(manifestPath(s.home, truncated!.id), 'utf8')).slice(
      0,
      120,
    );
    await writeFile(manifestPath(s.home, truncated!.id), truncatedText);
    // 2. A render.json from a newer app version.
    const futureText = JSON.stringify({ ...future, schemaVersion: 2 });
    await writeFile(manifestPath(s.home, future!.id), futureText);
    // 3. A video file deleted by hand (its WeShop URL still works).
    await rm(join(folder(missingVideo!), 'video-1.mp4'));
    // 4. A stray unfinished download next to a finished render.
    await writeFile(join(folder(strayPart!), 'video-2.mp4.part'), Buffer.alloc(1_000, 1));
    // 5. A video deleted whose URL no longer works (WeShop cleared it); its run still answers.
    await rm(join(folder(expired!), 'video-1.mp4'));
    const expiredManifest = JSON.parse(await readFile(manifestPath(s.home, expired!.id), 'utf8'));
    expiredManifest.videos[0].url = `${s.emulator.cdnBase}/videos/cleared-run/0.mp4`;
    await writeFile(manifestPath(s.home, expired!.id), JSON.stringify(expiredManifest));
    // 5b. The same, but the run is gone too (WeShop no longer knows its id).
    await rm(join(folder(gone!), 'video-1.mp4'));
    const goneManifest = JSON.parse(await readFile(manifestPath(s.home, gone!.id), 'utf8'));
    goneManifest.videos[0].url = `${s.emulator.cdnBase}/videos/cleared-run/0.mp4`;
    goneManifest.executionId = 'cleared-run';
    await writeFile(manifestPath(s.home, gone!.id), JSON.stringify(goneManifest));
    // 6. Temp files of atomic writes a kill -9 interrupted (write-file-atomic's `<file>.<n>`).
    const stale = [
      join(s.home, 'index.json.3141592653'),
      join(folder(healthy!), 'render.json.27182818'),
    ];
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const path of stale) {
      await writeFile(path, '{"half": ');
      await utimes(path, anHourAgo, anHourAgo);
    }
    // 7. The index itself damaged: the library must rebuild it from the render folders.
    const index = await readFile(indexDbPath(s.home));
    await writeFile(indexDbPath(s.home), index.subarray(0, 4096 + 100));
    for (const wal of ['-wal', '-shm']) await rm(`${indexDbPath(s.home)}${wal}`, { force: true });
    for (const kind of [
      'truncated manifest',
      'wrong schema version',
      'missing video',
      'stray .part file',
      'missing video, expired URL (fresh one from the run)',
      'missing video, expired URL, run gone',
      'damaged library.sqlite',
      'temp files of interrupted writes',
    ]) {
      corruptions.add(kind);
    }

    const { library, engine } = s.restart();
    await library.open();
    const listed = await library.list();
    expect(listed.items.map((m) => m.id).sort()).toEqual(
      [missingVideo, strayPart, expired, healthy, gone].map((m) => m!.id).sort(),
    );
    let problems = library.problems();
    expect(problemsAbout(problems, truncated!.id)).toEqual([
      expect.stringContaining('not valid JSON'),
    ]);
    expect(problemsAbout(problems, future!.id)).toEqual([
      expect.stringContaining('schema version 2'),
    ]);

    const summary = await engine.resume();
    expect(summary.resumed.sort()).toEqual([missingVideo!.id, expired!.id, gone!.id].sort());
    await engine.idle();
    // Asking again (reads, lists, a second repair) does not repeat a problem.
    await library.read(truncated!.id);
    await library.read(future!.id);
    await library.list();
    await library.repair();
    problems = library.problems();
    for (const m of [truncated, future, missingVideo, strayPart]) {
      expect(problemsAbout(problems, m!.id), m!.id).toHaveLength(1);
    }
    expect(problemsAbout(problems, strayPart!.id)[0]).toContain('video-2.mp4.part');
    expect(new Set(problems).size).toBe(problems.length);
    expect(problems.filter((p) => p.includes('interrupted write')).sort()).toEqual([
      `Removed a temporary file left by an interrupted write: ${healthy!.id}/render.json.27182818`,
      'Removed a temporary file left by an interrupted write: index.json.3141592653',
    ]);

    // Repaired: the missing video is back, byte-equal to the CDN's.
    const repaired = await readManifest(library, missingVideo!.id);
    expect(await expectVideosMatch(s.emulator, library, repaired)).toBe(1);
    expect(
      repaired.history.some((h) => /missing; downloading it again/.test(h.message ?? '')),
    ).toBe(true);
    // An expired link: the run polled once more hands out a fresh one, and the video is back.
    const refreshed = await readManifest(library, expired!.id);
    expect(refreshed.state).toBe('done');
    expect(await expectVideosMatch(s.emulator, library, refreshed)).toBe(1);
    expect(refreshed.videos[0]?.url).not.toContain('cleared-run');
    // Not repairable (the run is gone too): says why, and Retry stays possible.
    expect(await readManifest(library, gone!.id)).toMatchObject({
      state: 'failed',
      error: { kind: 'download-failed', message: expect.stringMatching(/expired/) },
    });
    // Untouched: the healthy render and the unreadable files (never overwritten or deleted).
    expect(await readManifest(library, healthy!.id)).toEqual(healthy);
    expect(await readFile(manifestPath(s.home, truncated!.id), 'utf8')).toBe(truncatedText);
    expect(await readFile(manifestPath(s.home, future!.id), 'utf8')).toBe(futureText);
    // No leftovers anywhere; the index was rebuilt and reads back whole.
    await library.flush(); // an index write may be in flight (its temp file is not a leftover)
    expect((await listFiles(s.home)).filter(isLeftover)).toEqual([]);
    expect(await indexRows(s.home, 'SELECT count(*) FROM renders')).toBe(5);
    // Repairs download again; they never start (and pay for) a new run.
    expect(s.emulator.runCount()).toBe(7);
    expect(maxStartsPerKey(s.emulator)).toBe(1);
  });

  it('notices a manifest damaged behind an intact index when it is read, once', async () => {
    const [damaged, other] = await doneRenders(2);
    const s = stack!;
    await writeFile(manifestPath(s.home, damaged!.id), '{"schemaVersion": 1, "id": ');
    corruptions.add('manifest damaged behind an intact index');
    const { library } = s.restart();
    expect((await library.list()).total).toBe(2); // the index still lists it: opening is cheap
    expect(await library.read(damaged!.id)).toBeNull();
    expect(await library.read(damaged!.id)).toBeNull();
    expect(problemsAbout(library.problems(), damaged!.id)).toHaveLength(1);
    expect(await library.read(other!.id)).toEqual(other);
  });

  it('re-reads a manifest a dead writer marked (a crash between render.json and its row)', async () => {
    const [renamed] = await doneRenders(1);
    const s = stack!;
    const edited = { ...renamed!, favourite: true };
    await writeFile(manifestPath(s.home, renamed!.id), JSON.stringify(edited));
    // The mark a process killed between render.json and its row leaves (owner: an exited pid).
    const dead = { pid: 4_194_305, host: hostname(), start: '', token: 'dead' };
    await indexRows(
      s.home,
      `INSERT INTO writing (id, owner, count) VALUES ('${renamed!.id}', '${JSON.stringify(dead)}', 1)`,
    );
    corruptions.add("index behind the manifests (a dead writer's mark)");
    const { library } = s.restart();
    const [listed] = (await library.list()).items;
    expect(listed?.favourite).toBe(true);
    expect(library.problems()).toEqual([]);
  });
});

/** Runs one statement on library.sqlite (as another process, or a crash, would). */
async function indexRows(home: string, sql: string): Promise<unknown> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(indexDbPath(home));
  try {
    const statement = db.prepare(sql);
    return statement.reader ? statement.pluck().get() : statement.run();
  } finally {
    db.close();
  }
}
