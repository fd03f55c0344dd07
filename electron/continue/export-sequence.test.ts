import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSequence } from './export-sequence';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kling-export-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('exportSequence', () => {
  it('copies the clips in order with numbered names, bytes intact', async () => {
    const clips = [];
    for (const id of ['first', 'second', 'third']) {
      const file = join(dir, `${id}.mp4`);
      await writeFile(file, `video of ${id}`);
      clips.push({ id, file });
    }
    const out = join(dir, 'out');
    const written = await exportSequence(clips, out);
    expect(await readdir(out)).toEqual(['01-first.mp4', '02-second.mp4', '03-third.mp4']);
    expect(written).toEqual((await readdir(out)).map((n) => join(out, n)));
    expect(await readFile(join(out, '02-second.mp4'), 'utf8')).toBe('video of second');
  });

  it('refuses a folder that holds files, and an empty sequence', async () => {
    const out = join(dir, 'busy');
    await exportSequence([{ id: 'a', file: await seed('a') }], out);
    await expect(exportSequence([{ id: 'b', file: await seed('b') }], out)).rejects.toMatchObject({
      kind: 'invalid-input',
    });
    await expect(exportSequence([], join(dir, 'x'))).rejects.toThrow('no downloaded clips');
  });
});

async function seed(name: string) {
  const file = join(dir, `${name}.mp4`);
  await writeFile(file, name);
  return file;
}
