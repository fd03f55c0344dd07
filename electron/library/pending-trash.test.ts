/**
 * Delete with Undo: the folder is set aside (the row leaves the library), Undo puts it back and
 * re-indexes it, and the OS trash (a fake here) takes it when the Undo window lapses, when the
 * app closes, or at the next start after a crash. Two library instances stand for two processes.
 */
import { access, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import { renderDir } from './layout';
import { createLibrary, type Library } from './library';
import { createPendingTrash, type TrashTimers } from './pending-trash';
import { makeTempHome } from './testing';
import { pendingTrashPath } from './trash-place';

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
let trashed: string[];
let trashDir: string;

const open = () => {
  const library = createLibrary({ home, indexDebounceMs: 5 });
  libraries.push(library);
  return library;
};

/** A fake OS trash: moves the item into <home>/../os-trash and says where. */
const fakeTrash = async (path: string) => {
  const to = join(trashDir, `${trashed.length}-${path.split('/').pop()}`);
  await rename(path, to);
  trashed.push(to);
  return to;
};

/** Timers the test fires by hand: the Undo window lapses when the test says so. */
function manualTimers() {
  const due: (() => void)[] = [];
  const timers: TrashTimers = {
    set: (run) => due.push(run) - 1,
    clear: (handle) => {
      due[handle as number] = () => undefined;
    },
  };
  const lapse = () => {
    for (const run of due.splice(0)) run();
  };
  return { timers, lapse };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

const warnings: string[] = [];
const pendingTrashFor = (library: Library, timers?: TrashTimers) =>
  createPendingTrash({
    home,
    library,
    trashItem: fakeTrash,
    warn: (message) => warnings.push(message),
    ...(timers ? { timers } : {}),
  });

async function doneRender(library: Library, prompt = 'a cat') {
  const made = await library.create({ image: '/pictures/cat.png', prompt });
  await library.update(made.id, (m) => {
    m.state = 'done';
  });
  await library.release(made.id);
  return made.id;
}

const until = async (check: () => Promise<boolean>) => {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-trash-'));
  libraries = [];
  trashed = [];
  warnings.length = 0;
  trashDir = join(home, 'fake-os-trash');
  await mkdir(trashDir);
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

describe('delete with Undo', () => {
  it('sets the folder aside (out of the library), and Undo puts it back in the index', async () => {
    const library = open();
    const id = await doneRender(library);
    const { timers } = manualTimers();
    const trash = pendingTrashFor(library, timers);

    await expect(trash.remove(id)).resolves.toEqual({ freedBytes: expect.any(Number) });
    expect(await exists(renderDir(home, id))).toBe(false);
    expect(await exists(join(pendingTrashPath(home, id), 'render.json'))).toBe(true);
    expect((await library.list({})).items.map((m) => m.id)).toEqual([]);
    expect(await library.driver(id)).toBe('this'); // no other process takes it meanwhile

    const back = await trash.undo(id);
    expect(back).toMatchObject({ id, state: 'done', request: { prompt: 'a cat' } });
    expect(await exists(pendingTrashPath(home, id))).toBe(false);
    expect((await library.list({})).items.map((m) => m.id)).toEqual([id]);
    expect(await library.driver(id)).toBeNull();
    expect(trashed).toEqual([]);
  });

  it('moves it to the OS trash when the Undo window lapses; a late Undo says where it is', async () => {
    const library = open();
    const id = await doneRender(library);
    const { timers, lapse } = manualTimers();
    const trash = pendingTrashFor(library, timers);
    await trash.remove(id);
    lapse();
    await until(async () => trashed.length === 1);
    expect(await exists(join(trashed[0] ?? '', 'render.json'))).toBe(true);
    expect(await exists(pendingTrashPath(home, id))).toBe(false);
    const late = await trash.undo(id).catch((error: unknown) => error);
    expect(isKlingError(late) && late.message).toMatch(
      /^This render is no longer waiting for Undo: it is in the OS trash now/,
    );
    expect(await library.driver(id)).toBeNull();
  });

  it('an Undo before the window lapses cancels the trip to the trash', async () => {
    const library = open();
    const id = await doneRender(library);
    const { timers, lapse } = manualTimers();
    const trash = pendingTrashFor(library, timers);
    await trash.remove(id);
    await trash.undo(id);
    lapse();
    await trash.flush();
    expect(trashed).toEqual([]);
    expect(await exists(join(renderDir(home, id), 'render.json'))).toBe(true);
  });

  it('closing the app (flush) sends every pending delete to the trash', async () => {
    const library = open();
    const first = await doneRender(library, 'one');
    const second = await doneRender(library, 'two');
    const trash = pendingTrashFor(library, manualTimers().timers);
    await trash.remove(first);
    await trash.remove(second);
    await trash.flush();
    expect(trashed).toHaveLength(2);
    expect(await readdir(join(home, 'trash-pending'))).toEqual([]);
  });

  it('keeps every refusal of library.remove: a render this process drives is not set aside', async () => {
    const library = open();
    const queued = await library.create({ image: '/pictures/cat.png', prompt: 'queued' });
    const trash = pendingTrashFor(library, manualTimers().timers);
    const error = await trash.remove(queued.id).catch((caught: unknown) => caught);
    expect(isKlingError(error) && error.message).toMatch(
      /still queued in this Kling Studio process/,
    );
    expect(await exists(pendingTrashPath(home, queued.id))).toBe(false);
  });

  it('a failed trash keeps the folder set aside and says where it is', async () => {
    const library = open();
    const id = await doneRender(library);
    const trash = createPendingTrash({
      home,
      library,
      trashItem: async () => {
        throw new Error('no trash on this volume');
      },
      warn: (message) => warnings.push(message),
      timers: manualTimers().timers,
    });
    await trash.remove(id);
    const error = await trash.trashNow(id).catch((caught: unknown) => caught);
    expect(isKlingError(error) && error.message).toBe(
      `The render left the library, but its folder could not be moved to the trash (no trash on this volume). It is in ${pendingTrashPath(home, id)}: move it to the trash yourself, or open Kling Studio, which tries again at start.`,
    );
    expect(await exists(pendingTrashPath(home, id))).toBe(true);
    expect(warnings).toContain('could not move a deleted render to the trash');
  });
});

describe('a crash while a delete waits for Undo', () => {
  it('the next start moves what a dead process left to the trash, never what a live one holds', async () => {
    // Process 1 deletes two renders, then "crashes": its claims stay on disk, its timers die.
    const crashed = open();
    const gone = await doneRender(crashed, 'crashed');
    const crashedTrash = pendingTrashFor(crashed, manualTimers().timers);
    await crashedTrash.remove(gone);
    // A live process 2 holds its own pending delete (its Undo may still come).
    const live = open();
    const held = await doneRender(live, 'live');
    await pendingTrashFor(live, manualTimers().timers).remove(held);
    // Process 1 dies: closing releases its claims as the kernel would drop its liveness socket.
    await crashed.close();

    const next = open();
    const recovered = await pendingTrashFor(next, manualTimers().timers).recover();
    expect(recovered).toEqual([gone]);
    expect(trashed).toHaveLength(1);
    expect(await exists(join(trashed[0] ?? '', 'render.json'))).toBe(true);
    expect(await exists(pendingTrashPath(home, held))).toBe(true);
    expect((await next.list({})).items).toEqual([]);
  });
});
