/**
 * A process killed between creating a render's folder and writing its render.json leaves an
 * empty folder behind: repair removes it, but never a folder that may be another process's
 * create in progress, and never one with anything in it.
 */
import { access, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDir, renderDir } from './layout';
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
