/**
 * A crash while a delete waits for Undo, with real processes: the app that set the folder
 * aside is killed -9; while it lived, another start left its folder alone (its Undo may come);
 * once it is dead, the next start moves the folder to the OS trash (a fake trash here), and the
 * render stays out of the library. Why the trash and not back: pending-trash.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLibrary, type Library } from './library';
import { createPendingTrash } from './pending-trash';
import { makeTempHome } from './testing';
import { pendingTrashPath } from './trash-place';

const CHILD = join(import.meta.dirname, 'pending-trash.child.ts');

let home: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];
const libraries: Library[] = [];

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-trash-restart-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const library of libraries.splice(0)) await library.close().catch(() => undefined);
  await cleanup();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The app, deleting `id` and then waiting in its Undo window until killed. */
async function appDeleting(id: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, id], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('set-aside\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
  return child;
}

/** The next start: a new library instance and its pending trash, with a fake OS trash. */
function nextStart(trashed: string[]) {
  const library = createLibrary({ home });
  libraries.push(library);
  const trashDir = join(home, 'fake-os-trash');
  return {
    library,
    trash: createPendingTrash({
      home,
      library,
      trashItem: async (path) => {
        await mkdir(trashDir, { recursive: true });
        const to = join(trashDir, `${trashed.length}`);
        await rename(path, to);
        trashed.push(to);
        return to;
      },
      warn: () => undefined,
    }),
  };
}

it('a delete left by a killed app goes to the trash at the next start, never while the app lives', async () => {
  const seed = createLibrary({ home });
  const made = await seed.create({ image: '/pictures/cat.png', prompt: 'deleted, then crash' });
  await seed.update(made.id, (m) => {
    m.state = 'done';
  });
  await seed.close();

  const app = await appDeleting(made.id);
  expect(await exists(pendingTrashPath(home, made.id))).toBe(true);

  const trashed: string[] = [];
  const whileAlive = nextStart(trashed);
  expect(await whileAlive.trash.recover()).toEqual([]);
  expect(await exists(pendingTrashPath(home, made.id))).toBe(true);

  const exited = once(app, 'exit');
  app.kill('SIGKILL');
  await exited;

  const afterCrash = nextStart(trashed);
  expect(await afterCrash.trash.recover()).toEqual([made.id]);
  expect(trashed).toHaveLength(1);
  expect(await exists(join(trashed[0] ?? '', 'render.json'))).toBe(true);
  expect(await exists(pendingTrashPath(home, made.id))).toBe(false);
  expect((await afterCrash.library.list({})).items).toEqual([]);
  expect(await afterCrash.library.driver(made.id)).toBeNull();
}, 60_000);
