import { mkdir, readdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { writeIndex as writeOldIndex } from './index-file';
import { indexPath, journalPath, manifestPath, renderDir } from './layout';
import { createLibrary, type Library } from './library';
import { indexDbPath } from './sqlite-index/open-index';
import { makeTempHome, manualClock } from './testing';

const request = (prompt: string, extra: Record<string, unknown> = {}) => ({
  image: '/pictures/cat.png',
  prompt,
  ...extra,
});

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
const open = (options: Partial<Parameters<typeof createLibrary>[0]> = {}) => {
  const library = createLibrary({ home, indexDebounceMs: 5, ...options });
  libraries.push(library);
  return library;
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome());
  libraries = [];
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

/** Deletes library.sqlite (and its WAL files): the next open builds it again. */
const forgetIndex = () =>
  Promise.all(['', '-wal', '-shm'].map((s) => rm(`${indexDbPath(home)}${s}`, { force: true })));

/** Runs `use` on the index file itself (as another process, or a crash, would leave it). */
async function withIndex<T>(use: (db: import('better-sqlite3').Database) => T): Promise<T> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(indexDbPath(home));
  try {
    return use(db);
  } finally {
    db.close();
  }
}
const indexedIds = () =>
  withIndex((db) => db.prepare('SELECT id FROM renders ORDER BY id').pluck().all() as string[]);
const marks = () =>
  withIndex((db) => db.prepare('SELECT count(*) FROM writing').pluck().get() as number);
/** A process that has exited (pid 2^22 + 1 is above Linux's pid_max). */
const DEAD_OWNER = { pid: 4_194_305, host: hostname(), start: '', token: 'dead' };

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as RenderManifest;

describe('library: create, read, update', () => {
  it('owes a local source image copy at create and makes it on keepSourceImage; none of a URL', async () => {
    const library = open();
    const picture = join(home, 'cat.JPEG');
    await writeFile(picture, 'jpeg bytes');
    const local = await library.create(request('copied', { image: picture }));
    // Not copied yet: the start must not wait for it (the runner keeps it once the start left).
    expect(local.sourceImageCopy).toBe('pending');
    expect(local.sourceImageFile).toBeUndefined();
    expect(await readdir(renderDir(home, local.id))).toEqual(['render.json']);
    const kept = await library.keepSourceImage(local.id);
    expect(kept?.missing).toBeUndefined();
    expect(kept?.manifest.sourceImageFile).toBe('source.jpg');
    expect(kept?.manifest.sourceImageCopy).toBeUndefined();
    expect(await readJson(manifestPath(home, local.id))).toEqual(kept?.manifest);
    expect(await readFile(join(renderDir(home, local.id), 'source.jpg'), 'utf8')).toBe(
      'jpeg bytes',
    );
    expect(await library.keepSourceImage(local.id)).toBeNull(); // nothing owed any more

    // Gone by the time the copy is made: said so in the manifest, and the render is kept.
    const gonePicture = join(home, 'gone.png');
    await writeFile(gonePicture, 'png bytes');
    const gone = await library.create(request('gone', { image: gonePicture }));
    await rm(gonePicture);
    const missing = await library.keepSourceImage(gone.id);
    expect(missing?.missing).toBe(`picture 1 (${gonePicture}): ENOENT`);
    expect(await library.read(gone.id)).toMatchObject({
      sourceImageCopy: 'missing',
      state: 'queued',
    });
    expect((await library.read(gone.id))?.sourceImageFile).toBeUndefined();

    const remote = await library.create(request('url', { image: 'https://example.com/a.png' }));
    expect(remote.sourceImageCopy).toBeUndefined();
    expect(await library.keepSourceImage(remote.id)).toBeNull();
    expect(remote.sourceImageFile).toBeUndefined();
  });

  it('owes and keeps every input picture: the end frame and reference images 2–4 too', async () => {
    const library = open();
    const picture = async (name: string) => {
      const path = join(home, name);
      await writeFile(path, `${name} bytes`);
      return path;
    };
    const first = await picture('first.png');
    const last = await picture('last.jpeg');
    const framed = await library.create(
      request('first to last', { image: first, endFrame: last, model: 'Kling_2_6' }),
    );
    expect(framed).toMatchObject({ sourceImageCopy: 'pending', endFrameCopy: 'pending' });
    expect(await readdir(renderDir(home, framed.id))).toEqual(['render.json']);
    const kept = await library.keepSourceImage(framed.id);
    expect(kept?.missing).toBeUndefined();
    expect(kept?.manifest).toMatchObject({
      sourceImageFile: 'source.png',
      endFrameFile: 'end-frame.jpg',
    });
    expect(kept?.manifest.endFrameCopy).toBeUndefined();
    expect(await readFile(join(renderDir(home, framed.id), 'end-frame.jpg'), 'utf8')).toBe(
      'last.jpeg bytes',
    );
    expect(await library.keepSourceImage(framed.id)).toBeNull();

    // Omni with four references: image 2 local, image 3 on the web, image 4 gone by the copy.
    const two = await picture('two.webp');
    const four = await picture('four.png');
    const refs = await library.create(
      request('image 1 meets image 2', {
        agent: 'kling-v3-omni',
        image: first,
        moreImages: [two, 'https://example.com/three.png', four],
      }),
    );
    expect(refs.moreImageCopies).toEqual([{ copy: 'pending' }, {}, { copy: 'pending' }]);
    await rm(four);
    const partly = await library.keepSourceImage(refs.id);
    expect(partly?.missing).toBe(`image 4 (${four}): ENOENT`);
    const onDisk = await readJson(manifestPath(home, refs.id));
    expect(onDisk.sourceImageFile).toBe('source.png');
    expect(onDisk.moreImageCopies).toEqual([{ file: 'image-2.webp' }, {}, { copy: 'missing' }]);
    expect((await readdir(renderDir(home, refs.id))).sort()).toEqual([
      'image-2.webp',
      'render.json',
      'source.png',
    ]);
    expect(await library.keepSourceImage(refs.id)).toBeNull(); // a missing one is not retried

    // Text only: nothing to keep, nothing owed.
    const text = await library.create({ agent: 'kling-v3-omni', prompt: 'a city at night' });
    expect(text.sourceImageCopy).toBeUndefined();
    expect(text.moreImageCopies).toBeUndefined();
    expect(await library.keepSourceImage(text.id)).toBeNull();
  });

  it('reads a render.json written before the Kling family (no agent, no picture copies)', async () => {
    const library = open();
    const created = await library.create(request('old'));
    const path = manifestPath(home, created.id);
    const old = JSON.parse(await readFile(path, 'utf8'));
    delete old.request.agent;
    delete old.sourceImageCopy;
    old.sourceImageFile = 'source.png';
    await writeFile(path, JSON.stringify(old));
    const read = await library.read(created.id);
    expect(read?.request.agent).toBe('kling');
    expect(read?.sourceImageFile).toBe('source.png');
    expect(read?.endFrameFile).toBeUndefined();
    expect(await library.keepSourceImage(created.id)).toBeNull();
  });

  it('writes the folder and a queued manifest before returning', async () => {
    const clock = manualClock();
    const library = open({ now: clock.now });
    const created = await library.create(request('a cat turns its head'));
    const onDisk = await readJson(manifestPath(home, created.id));
    expect(onDisk).toEqual(created);
    expect(created).toMatchObject({
      schemaVersion: 1,
      state: 'queued',
      createdAt: '2025-03-01T10:00:00.000Z',
      favourite: false,
      videos: [],
      request: {
        prompt: 'a cat turns its head',
        model: 'Kling_3_0',
        duration: '5s',
        batchCount: 1,
      },
    });
    expect(created.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.history).toEqual([{ state: 'queued', at: '2025-03-01T10:00:00.000Z' }]);
    expect(await library.read(created.id)).toEqual(created);
    const second = await library.create(request('another'));
    expect(second.idempotencyKey).not.toBe(created.idempotencyKey);
  });

  it('refuses an invalid request and writes nothing', async () => {
    const library = open();
    const error = await library.create(request('', { batchCount: 40 })).catch((e) => e);
    expect(isKlingError(error, 'invalid-input')).toBe(true);
    expect(error.message).toContain('prompt');
    expect((await library.list()).total).toBe(0);
  });

  it('returns null for unknown or malformed ids', async () => {
    const library = open();
    expect(await library.read('zzzzzzzz-unknown')).toBeNull();
    expect(await library.read('../../etc')).toBeNull();
  });

  it('serialises concurrent updates of one render so no write is lost', async () => {
    const library = open();
    const { id } = await library.create(request('busy'));
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        library.update(id, (m) => {
          m.history.push({ state: 'queued', at: m.createdAt, message: `update ${i}` });
        }),
      ),
    );
    const messages = (await library.read(id))?.history.map((h) => h.message).filter(Boolean);
    expect(messages).toHaveLength(25);
    expect(new Set(messages).size).toBe(25);
  });

  it('bumps updatedAt and accepts a returned replacement manifest', async () => {
    const clock = manualClock();
    const library = open({ now: clock.now });
    const { id } = await library.create(request('x'));
    clock.advance(60_000);
    const updated = await library.update(id, (m) => ({ ...m, serverMessage: 'hello' }));
    expect(updated.updatedAt).toBe('2025-03-01T10:01:00.000Z');
    expect((await library.read(id))?.serverMessage).toBe('hello');
  });

  it('refuses to save an invalid manifest and leaves the file as it was', async () => {
    const library = open();
    const { id } = await library.create(request('x'));
    const before = await readFile(manifestPath(home, id), 'utf8');
    const error = await library
      .update(id, (m) => {
        (m as { state: string }).state = 'exploded';
      })
      .catch((e) => e);
    expect(isKlingError(error, 'internal')).toBe(true);
    expect(await readFile(manifestPath(home, id), 'utf8')).toBe(before);
    const missing = await library.update('zzzzzzzz-nothere', () => undefined).catch((e) => e);
    expect(isKlingError(missing, 'not-found')).toBe(true);
  });

  it('sets favourites and saves a JPEG thumbnail (refusing anything else)', async () => {
    const library = open();
    const { id } = await library.create(request('x'));
    expect((await library.setFavourite(id, true)).favourite).toBe(true);
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const saved = await library.saveThumbnail(id, jpeg);
    expect(saved.thumbnailFile).toBe('thumbnail.jpg');
    expect([...(await readFile(join(renderDir(home, id), 'thumbnail.jpg')))]).toEqual([...jpeg]);
    const error = await library.saveThumbnail(id, Uint8Array.from([0x89, 0x50])).catch((e) => e);
    expect(isKlingError(error, 'invalid-input')).toBe(true);
  });
});

describe('library: list, remove, usage', () => {
  async function seed(library: Library, clock: ReturnType<typeof manualClock>) {
    const made: RenderManifest[] = [];
    const specs = [
      { prompt: 'Banana boat at dawn', model: 'Kling_3_0' },
      { prompt: 'apple falls slowly', model: 'Kling_2_6' },
      { prompt: 'Cherry blossom wind', model: 'Kling_3_0' },
      { prompt: 'banana split spinning', model: 'Kling_2_1' },
    ];
    for (const spec of specs) {
      made.push(await library.create(request(spec.prompt, { model: spec.model })));
      clock.advance(3_600_000);
    }
    return made;
  }

  it('filters by text, model, state, favourites and dates', async () => {
    const clock = manualClock();
    const library = open({ now: clock.now });
    const [banana, apple, cherry, split] = await seed(library, clock);
    await library.update(apple!.id, (m) => {
      m.state = 'done';
    });
    await library.setFavourite(cherry!.id, true);
    const ids = async (query: Parameters<Library['list']>[0]) =>
      (await library.list(query)).items.map((m) => m.id);

    expect(await ids({ text: 'BANANA' })).toEqual([split!.id, banana!.id]);
    expect(await ids({ model: 'Kling_3_0' })).toEqual([cherry!.id, banana!.id]);
    expect(await ids({ state: 'done' })).toEqual([apple!.id]);
    expect(await ids({ favouritesOnly: true })).toEqual([cherry!.id]);
    expect(await ids({ from: '2025-03-01T10:30:00.000Z', to: '2025-03-01T12:00:00.000Z' })).toEqual(
      [cherry!.id, apple!.id],
    );
  });

  it('sorts newest, oldest and by prompt, and pages with a total', async () => {
    const clock = manualClock();
    const library = open({ now: clock.now });
    const [banana, apple, cherry, split] = await seed(library, clock);
    const ids = async (query: Parameters<Library['list']>[0]) =>
      (await library.list(query)).items.map((m) => m.id);
    expect(await ids({})).toEqual([split!.id, cherry!.id, apple!.id, banana!.id]);
    expect(await ids({ sort: 'oldest' })).toEqual([banana!.id, apple!.id, cherry!.id, split!.id]);
    expect(await ids({ sort: 'prompt' })).toEqual([apple!.id, banana!.id, split!.id, cherry!.id]);
    const page = await library.list({ sort: 'oldest', offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((m) => m.id)).toEqual([apple!.id, cherry!.id]);
  });

  it('lists recent prompts distinct, newest first', async () => {
    const clock = manualClock();
    const library = open({ now: clock.now });
    for (const prompt of ['one', 'two', 'one', 'three']) {
      await library.create(request(prompt));
      clock.advance(1000);
    }
    expect(await library.recentPrompts(10)).toEqual(['three', 'one', 'two']);
    expect(await library.recentPrompts(2)).toEqual(['three', 'one']);
  });

  it('removes a render, reports the bytes freed, and counts usage', async () => {
    const library = open();
    const keep = await library.create(request('keep'));
    const drop = await library.create(request('drop'));
    // Finished and let go, as the engine leaves a render (remove-render.test.ts: the refusals).
    await library.update(drop.id, (m) => {
      m.state = 'done';
    });
    await library.release(drop.id);
    await writeFile(join(renderDir(home, drop.id), 'video-1.mp4'), Buffer.alloc(5000));
    const manifestBytes = (await stat(manifestPath(home, drop.id))).size;
    const keepBytes = (await stat(manifestPath(home, keep.id))).size;
    expect(await library.usage()).toEqual({
      count: 2,
      usedBytes: 5000 + manifestBytes + keepBytes,
    });
    expect(await library.remove(drop.id)).toEqual({ freedBytes: 5000 + manifestBytes });
    expect(await library.read(drop.id)).toBeNull();
    expect((await library.list()).items.map((m) => m.id)).toEqual([keep.id]);
    expect(await library.usage()).toEqual({ count: 1, usedBytes: keepBytes });
    const again = await library.remove(drop.id).catch((e) => e);
    expect(isKlingError(again, 'not-found')).toBe(true);
  });
});

describe('library: bad manifests and the index', () => {
  it('skips a corrupt, a wrong-version and an invalid manifest, reporting each once', async () => {
    const library = open();
    const good = await library.create(request('good'));
    await library.close();
    const bad = {
      corrupt: 'aaaaaaaa-corrup',
      future: 'aaaaaaaa-future',
      invalid: 'aaaaaaaa-invali',
    };
    for (const id of Object.values(bad)) await mkdir(renderDir(home, id));
    await writeFile(manifestPath(home, bad.corrupt), '{"schemaVersion": 1, "id": ');
    await writeFile(
      manifestPath(home, bad.future),
      JSON.stringify({ ...good, id: bad.future, schemaVersion: 2 }),
    );
    await writeFile(
      manifestPath(home, bad.invalid),
      JSON.stringify({ ...good, id: bad.invalid, state: 'weird' }),
    );

    const reopened = open();
    await reopened.settled(); // the folders are checked after the open
    expect((await reopened.list()).items.map((m) => m.id)).toEqual([good.id]);
    expect(await reopened.read(bad.corrupt)).toBeNull();
    const problems = reopened.problems();
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.includes(bad.corrupt))).toMatch(/not valid JSON/);
    expect(problems.find((p) => p.includes(bad.future))).toMatch(/schema version 2/);
    expect(problems.find((p) => p.includes(bad.invalid))).toMatch(/invalid/);
  });

  it('rebuilds a missing index and picks up folders the index does not know', async () => {
    const library = open();
    const first = await library.create(request('first'));
    await library.close();
    await forgetIndex();

    const reopened = open();
    expect((await reopened.list()).items.map((m) => m.id)).toEqual([first.id]);
    await reopened.close();
    expect(await indexedIds()).toEqual([first.id]);

    // A render folder added behind the index's back (e.g. restored from a backup).
    const stranger = {
      ...first,
      id: 'aaaaaaaa-strang',
      request: { ...first.request, prompt: 'stranger' },
    };
    await mkdir(renderDir(home, stranger.id));
    await writeFile(manifestPath(home, stranger.id), JSON.stringify(stranger));
    const third = open();
    await third.settled(); // the folders are checked after the open
    expect((await third.list()).items.map((m) => m.request.prompt).sort()).toEqual([
      'first',
      'stranger',
    ]);
  });

  it('drops index entries whose folder is gone', async () => {
    const library = open();
    const a = await library.create(request('a'));
    const b = await library.create(request('b'));
    await library.close();
    await import('node:fs/promises').then((fs) =>
      fs.rm(renderDir(home, a.id), { recursive: true }),
    );
    const reopened = open();
    await reopened.settled(); // the folders are checked after the open
    expect((await reopened.list()).items.map((m) => m.id)).toEqual([b.id]);
  });

  it('lists from the index without reading every manifest', async () => {
    const library = open();
    const { id } = await library.create(request('from the index'));
    await library.close();
    // Edit render.json behind the library's back: a listing that read manifests would see it.
    const edited = { ...(await readJson(manifestPath(home, id))) };
    edited.request = { ...edited.request, prompt: 'edited on disk' };
    await writeFile(manifestPath(home, id), JSON.stringify(edited));
    expect((await open().list()).items[0]?.request.prompt).toBe('from the index');
  });

  it('after a crash between render.json and its row, the next open re-reads that render', async () => {
    const library = open();
    const { id } = await library.create(request('crash'));
    await library.close();
    // A process killed after writing render.json, before its row: its mark is left behind.
    const edited = { ...(await readJson(manifestPath(home, id))), state: 'running' as const };
    edited.executionId = 'exec-1';
    edited.updatedAt = new Date(Date.parse(edited.updatedAt) + 1).toISOString();
    await writeFile(manifestPath(home, id), JSON.stringify(edited));
    await withIndex((db) =>
      db
        .prepare('INSERT INTO writing (id, owner, count) VALUES (?, ?, 1)')
        .run(id, JSON.stringify(DEAD_OWNER)),
    );
    // A reader on its own sees the truth, and writes nothing.
    expect((await open({ readOnly: true }).list()).items[0]).toMatchObject({ state: 'running' });
    expect(await marks()).toBe(1);

    const reopened = open();
    expect((await reopened.list()).items[0]).toMatchObject({
      state: 'running',
      executionId: 'exec-1',
    });
    expect(await marks()).toBe(0);
    expect((await open({ readOnly: true }).list()).items[0]).toMatchObject({ state: 'running' });
  });

  it('migrates an older library: index.json trusted, journals re-read, index.json left in place', async () => {
    const library = open();
    const a = await library.create(request('in the old index'));
    const b = await library.create(request('journaled'));
    await library.close();
    // The files today's older versions leave: index.json (with a stale copy of b) and the
    // legacy journal naming b, whose render.json moved on; no library.sqlite yet.
    const stale = await readJson(manifestPath(home, b.id));
    await writeOldIndex(home, [await readJson(manifestPath(home, a.id)), stale]);
    await writeFile(
      manifestPath(home, b.id),
      JSON.stringify({ ...stale, favourite: true, updatedAt: new Date().toISOString() }),
    );
    await writeFile(journalPath(home), `${b.id}\n`);
    // A render.json edited behind the old index's back (no journal): the index is trusted.
    const editedA = { ...(await readJson(manifestPath(home, a.id))) };
    editedA.request = { ...editedA.request, prompt: 'edited on disk' };
    await writeFile(manifestPath(home, a.id), JSON.stringify(editedA));
    await forgetIndex();

    const migrated = open();
    const items = (await migrated.list({ sort: 'oldest' })).items;
    expect(items.map((m) => [m.request.prompt, m.favourite])).toEqual([
      ['in the old index', false],
      ['journaled', true],
    ]);
    await migrated.close();
    expect(await stat(indexPath(home))).toBeTruthy();
    expect(await indexedIds()).toEqual([a.id, b.id].sort());
  });

  it('migrates an index.json in the one-line layout of older versions, or cut short (then a scan)', async () => {
    const library = open();
    const prompt = 'line\nbreak, "quotes", ünïcödé 🎬 ]}';
    const { id } = await library.create(request(prompt));
    const second = await library.create(request('second'));
    await library.close();
    const manifests = [
      await readJson(manifestPath(home, id)),
      await readJson(manifestPath(home, second.id)),
    ];
    const edited = { ...(manifests[0] as RenderManifest) };
    edited.request = { ...edited.request, prompt: 'edited on disk' };
    await writeFile(manifestPath(home, id), JSON.stringify(edited));
    const prompts = async () => {
      await forgetIndex();
      const reader = open();
      const listed = (await reader.list()).items.map((m) => m.request.prompt).sort();
      await reader.close();
      return listed;
    };
    await writeOldIndex(home, manifests);
    expect(await prompts()).toEqual([prompt, 'second'].sort());
    const index = await readFile(indexPath(home), 'utf8');
    await writeFile(indexPath(home), JSON.stringify(JSON.parse(index)));
    expect(await prompts()).toEqual([prompt, 'second'].sort());
    await writeFile(indexPath(home), index.slice(0, index.lastIndexOf(']}')));
    expect(await prompts()).toEqual(['edited on disk', 'second']);
  });

  it('moves a damaged library.sqlite aside, says so, and rebuilds it from render.json', async () => {
    const library = open();
    const { id } = await library.create(request('kept'));
    await library.close();
    await writeFile(indexDbPath(home), 'this is not a database, just bytes '.repeat(200));
    const reopened = open();
    expect((await reopened.list()).items.map((m) => m.id)).toEqual([id]);
    expect(reopened.problems().join('\n')).toMatch(
      /library\.sqlite was damaged .* moved to .*corrupt-/,
    );
    expect((await readdir(home)).filter((name) => name.includes('.corrupt-'))).toHaveLength(1);
    await reopened.close();
    expect(await indexedIds()).toEqual([id]);
  });

  it('rebuilds from manifests when index.json is corrupt', async () => {
    const library = open();
    const { id } = await library.create(request('x'));
    await library.close();
    await writeFile(indexPath(home), '[[[');
    expect((await open().list()).items.map((m) => m.id)).toEqual([id]);
  });
});

describe('library: repair on start-up', () => {
  it('deletes stray .part files of done renders and re-downloads missing videos', async () => {
    const library = open();
    const complete = await library.create(request('complete'));
    const lost = await library.create(request('lost'));
    const running = await library.create(request('running'));
    for (const m of [complete, lost]) {
      await writeFile(join(renderDir(home, m.id), 'video-1.mp4'), 'video');
      await library.update(m.id, (d) => {
        d.state = 'done';
        d.videos = [{ index: 0, url: 'https://cdn.example/v.mp4', file: 'video-1.mp4', bytes: 5 }];
      });
    }
    await writeFile(join(renderDir(home, complete.id), 'poster-1.jpg.part'), 'half');
    await writeFile(join(renderDir(home, running.id), 'video-1.mp4.part'), 'half');
    await unlink(join(renderDir(home, lost.id), 'video-1.mp4'));

    const report = await library.repair();
    expect(report.removedPartFiles).toEqual([`${complete.id}/poster-1.jpg.part`]);
    expect(report.redownload).toEqual([lost.id]);
    await expect(stat(join(renderDir(home, running.id), 'video-1.mp4.part'))).resolves.toBeTruthy();
    await expect(stat(join(renderDir(home, complete.id), 'poster-1.jpg.part'))).rejects.toThrow();
    const relost = await library.read(lost.id);
    expect(relost?.state).toBe('downloading');
    expect(relost?.videos[0]).toEqual({ index: 0, url: 'https://cdn.example/v.mp4' });
    expect((await library.read(complete.id))?.state).toBe('done');
    expect(library.problems().filter((p) => p.includes(lost.id))).toHaveLength(1);
    expect(await library.repair()).toBe(report);
  });
});

describe('library: resolveMediaFile', () => {
  it('resolves only plain media files inside that render folder', async () => {
    const library = open();
    const a = await library.create(request('a'));
    const b = await library.create(request('b'));
    for (const m of [a, b]) await writeFile(join(renderDir(home, m.id), 'video-1.mp4'), m.id);
    await writeFile(join(renderDir(home, a.id), 'video-2.mp4.part'), 'partial');
    await writeFile(join(home, 'secret.mp4'), 'outside');

    expect(await library.resolveMediaFile(a.id, 'video-1.mp4')).toBe(
      join(renderDir(home, a.id), 'video-1.mp4'),
    );
    const refused = [
      [a.id, '..'],
      [a.id, '../secret.mp4'],
      [a.id, `../${b.id}/video-1.mp4`],
      [a.id, '..\\secret.mp4'],
      [a.id, join(home, 'secret.mp4')],
      [a.id, 'render.json'],
      [a.id, 'video-2.mp4.part'],
      [a.id, 'missing.mp4'],
      ['zzzzzzzz-nothere', 'video-1.mp4'],
      ['..', 'secret.mp4'],
    ];
    for (const [id, file] of refused)
      expect(await library.resolveMediaFile(id!, file!), `${id} ${file}`).toBeNull();
  });

  it('refuses symlinks that lead out of the render folder', async () => {
    const library = open();
    const a = await library.create(request('a'));
    const b = await library.create(request('b'));
    await writeFile(join(home, 'outside.mp4'), 'outside');
    await writeFile(join(renderDir(home, b.id), 'video-1.mp4'), 'b');
    await symlink(join(home, 'outside.mp4'), join(renderDir(home, a.id), 'video-1.mp4'));
    await symlink(
      join(renderDir(home, b.id), 'video-1.mp4'),
      join(renderDir(home, a.id), 'video-2.mp4'),
    );
    await writeFile(join(renderDir(home, a.id), 'video-3.mp4'), 'real');
    await symlink(
      join(renderDir(home, a.id), 'video-3.mp4'),
      join(renderDir(home, a.id), 'video-4.mp4'),
    );
    expect(await library.resolveMediaFile(a.id, 'video-1.mp4')).toBeNull();
    expect(await library.resolveMediaFile(a.id, 'video-2.mp4')).toBeNull();
    // A link that stays inside the same render folder is fine.
    expect(await library.resolveMediaFile(a.id, 'video-4.mp4')).toBe(
      join(renderDir(home, a.id), 'video-3.mp4'),
    );
  });
});
