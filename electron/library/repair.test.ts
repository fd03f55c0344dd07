/**
 * A process killed between creating a render's folder and writing its render.json leaves an
 * empty folder behind: repair removes it, but never a folder that may be another process's
 * create in progress, and never one with anything in it.
 */
import { access, mkdir, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDir, manifestPath, renderDir } from './layout';
import { createLibrary, type Library } from './library';
import { makeTempHome } from './testing';

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
const open = () => {
  const library = createLibrary({ home, indexDebounceMs: 5 });
  libraries.push(library);
  return library;
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-repair-'));
  libraries = [];
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** A render folder as an interrupted create leaves it, last changed at `mtimeMs`. */
async function folder(id: string, mtimeMs: number, files: string[] = []): Promise<string> {
  const path = renderDir(home, id);
  await mkdir(path, { recursive: true });
  for (const name of files) await writeFile(join(path, name), 'x');
  await utimes(path, mtimeMs / 1000, mtimeMs / 1000);
  return path;
}

const HOUR = 3_600_000;

describe('library.repair: empty render folders', () => {
  it('removes an empty folder from before the library opened, and says so once', async () => {
    const old = await folder('m3x9k2a1b-empty1', Date.now() - HOUR);
    await mkdir(claimDir(home, 'm3x9k2a1b-empty1'), { recursive: true });
    const library = open();
    await library.open();
    expect(library.problems()).toContain(
      'Render m3x9k2a1b-empty1: render.json is missing; skipped',
    );

    const report = await library.repair();
    expect(report.removedEmptyFolders).toEqual(['m3x9k2a1b-empty1']);
    expect(await exists(old)).toBe(false);
    expect(await exists(claimDir(home, 'm3x9k2a1b-empty1'))).toBe(false);
    expect(library.problems()).toEqual([
      'Removed an empty render folder left by an interrupted start: m3x9k2a1b-empty1',
    ]);
    expect((await library.list()).total).toBe(0);
  });

  it('keeps a folder newer than the library, one with any file in it, and one a live process claims', async () => {
    const library = open();
    await library.open();
    // Made while this library was open: another process may be between mkdir and render.json.
    const fresh = await folder('m3x9k2a1b-fresh1', Date.now() + HOUR);
    const withFile = await folder('m3x9k2a1b-files1', Date.now() - HOUR, ['source.png']);
    const claimed = await folder('m3x9k2a1b-claim1', Date.now() - HOUR);
    const creator = open();
    expect(await creator.claim('m3x9k2a1b-claim1')).toEqual({ ok: true });
    await utimes(claimed, (Date.now() - HOUR) / 1000, (Date.now() - HOUR) / 1000);

    const report = await library.repair();
    expect(report.removedEmptyFolders).toEqual([]);
    for (const path of [fresh, withFile, claimed]) expect(await exists(path)).toBe(true);
    expect(await exists(join(withFile, 'source.png'))).toBe(true);
    expect(library.problems().filter((p) => p.startsWith('Removed an empty'))).toEqual([]);
  });
});

/**
 * A done render whose video file is gone, as another process's delete leaves it halfway: the
 * video removed, render.json not yet. Made and released by a library that is then closed.
 */
async function doneRenderWithoutVideo(): Promise<string> {
  const maker = open();
  const { id } = await maker.create({ image: '/pictures/cat.png', prompt: 'done' });
  await writeFile(join(renderDir(home, id), 'video-1.mp4'), 'video');
  await maker.update(id, (d) => {
    d.state = 'done';
    d.videos = [{ index: 0, url: 'https://cdn.example/v.mp4', file: 'video-1.mp4', bytes: 5 }];
  });
  await maker.close();
  await unlink(join(renderDir(home, id), 'video-1.mp4'));
  return id;
}

describe('library.repair: a done render another process deletes at the same moment', () => {
  it('leaves alone a render whose claim another live process holds (its delete may be under way)', async () => {
    const id = await doneRenderWithoutVideo();
    const deleter = open();
    expect(await deleter.claim(id)).toEqual({ ok: true });
    const library = open();

    const report = await library.repair();
    expect(report.redownload).toEqual([]);
    expect(report.skipped).toEqual([{ id, why: 'driven-elsewhere', owner: expect.any(String) }]);
    // Not rewritten as 'downloading': a render being deleted must not come back.
    expect((await library.read(id))?.state).toBe('done');
    expect(await library.driver(id)).not.toBe('this');
    expect(library.problems().filter((p) => p.includes(id))).toEqual([]);
  });

  it('skips quietly a render deleted after the index was read, and recreates nothing of it', async () => {
    const id = await doneRenderWithoutVideo();
    const library = open();
    await library.open(); // the index lists the render
    const deleter = open();
    await deleter.remove(id);
    await deleter.close();

    const report = await library.repair();
    expect(report.redownload).toEqual([]);
    // The index is shared: the other process's delete reached it, so repair never saw it.
    expect(report.skipped).toEqual([]);
    expect(await exists(renderDir(home, id))).toBe(false);
    expect(await exists(claimDir(home, id))).toBe(false);
    expect(library.problems().filter((p) => p.includes(id))).toEqual([]);
  });

  it('still repairs a render nobody holds, then lets go of it for the engine to claim', async () => {
    const id = await doneRenderWithoutVideo();
    const library = open();

    const report = await library.repair();
    expect(report.redownload).toEqual([id]);
    expect(report.skipped).toEqual([]);
    expect((await library.read(id))?.state).toBe('downloading');
    expect(await library.driver(id)).toBeNull();
    expect(await exists(manifestPath(home, id))).toBe(true);
  });
});
