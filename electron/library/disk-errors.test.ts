import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import {
  diskError,
  isDiskError,
  nextStepOnDiskError,
  THEN_DELETE_AGAIN,
  withDiskErrors,
  withNextStep,
} from './disk-errors';
import { writeIndex } from './index-file';
import { indexPath, manifestPath } from './layout';
import { createLibrary } from './library';
import { writeManifestFile } from './manifest-file';
import { makeTempHome } from './testing';

let remove: (() => Promise<void>) | undefined;
afterEach(async () => {
  await remove?.();
  remove = undefined;
});

const fsError = (code: string, text: string) =>
  Object.assign(new Error(`${code}: ${text}`), { code });

describe('disk errors a person can act on', () => {
  const path = '/library/renders/r1/render.json';

  it.each([
    [
      'ENOSPC',
      'no space left on device, write',
      'The disk holding /library/renders/r1 is full: free space there, then run `kling-studio resume`.',
      'free space on /library/renders/r1',
    ],
    [
      'EDQUOT',
      'disk quota exceeded, write',
      'Your disk quota for /library/renders/r1 is used up: free space there (or ask for a larger quota), then run `kling-studio resume`.',
      'free space on /library/renders/r1',
    ],
    [
      'EACCES',
      "permission denied, open '/library/renders/r1/render.json.123'",
      'Kling Studio is not allowed to write /library/renders/r1/render.json (EACCES): make /library/renders/r1 writable for your user (or close the program holding the file), then run `kling-studio resume`.',
      'make /library/renders/r1 writable',
    ],
    [
      'EPERM',
      'operation not permitted, rename',
      'Kling Studio is not allowed to write /library/renders/r1/render.json (EPERM): make /library/renders/r1 writable for your user (or close the program holding the file), then run `kling-studio resume`.',
      'make /library/renders/r1 writable',
    ],
    [
      'EROFS',
      'read-only file system, open',
      '/library/renders/r1 is on a read-only disk: make it writable, or point KLING_STUDIO_HOME at a writable folder, then run `kling-studio resume`.',
      'make /library/renders/r1 writable',
    ],
    [
      'EISDIR',
      "illegal operation on a directory, rename '…' -> '/library/renders/r1/render.json'",
      '/library/renders/r1/render.json is a folder where Kling Studio keeps a file: move that folder out of the way, then run `kling-studio resume`.',
      'move the folder /library/renders/r1/render.json out of the way',
    ],
  ])('%s names the place, the cause and the next step', (code, text, message, fix) => {
    const mapped = diskError(fsError(code, text), path);
    expect(isDiskError(mapped)).toBe(true);
    expect(mapped).toBeInstanceOf(KlingError);
    expect((mapped as KlingError).message).toBe(message);
    expect(mapped).toMatchObject({ code, path, fix });
    expect((mapped as KlingError).message).not.toContain(text);
  });

  it('ENOTDIR names the file that stands where a folder should be', async () => {
    const temp = await makeTempHome('kling-notdir-');
    remove = temp.remove;
    await writeFile(join(temp.home, 'renders'), 'not a folder');
    const target = join(temp.home, 'renders', 'r1', 'render.json');
    const mapped = diskError(fsError('ENOTDIR', 'not a directory, open'), target);
    expect((mapped as KlingError).message).toBe(
      `${join(temp.home, 'renders')} is a file where Kling Studio needs a folder (to write ${target}): move that file out of the way, then run \`kling-studio resume\`.`,
    );
  });

  it('leaves every other error alone, and says the next step it is given', async () => {
    const other = fsError('ECONNRESET', 'socket hang up');
    expect(diskError(other, path)).toBe(other);
    expect(diskError('text', path)).toBe('text');
    const once = diskError(fsError('ENOSPC', 'no space'), path);
    expect(diskError(once, '/elsewhere')).toBe(once);
    await expect(
      withDiskErrors(path, () => Promise.reject(fsError('ENOSPC', 'x')), 'then try again'),
    ).rejects.toThrow(
      'The disk holding /library/renders/r1 is full: free space there, then try again.',
    );
  });

  it('takes the next step from what the user was doing, keeping the place, cause and fix', async () => {
    const resumeFirst = diskError(fsError('EROFS', 'read-only file system, open'), path);
    const deleting = withNextStep(resumeFirst, THEN_DELETE_AGAIN);
    expect(isDiskError(deleting)).toBe(true);
    expect((deleting as KlingError).message).toBe(
      '/library/renders/r1 is on a read-only disk: make it writable, or point KLING_STUDIO_HOME at a writable folder, then delete it again.',
    );
    expect(deleting).toMatchObject({
      code: 'EROFS',
      path,
      fix: 'make /library/renders/r1 writable',
    });
    const other = new Error('not a disk problem');
    expect(withNextStep(other, THEN_DELETE_AGAIN)).toBe(other);
    await expect(
      nextStepOnDiskError('then retry it again', () => Promise.reject(resumeFirst)),
    ).rejects.toThrow(
      'make it writable, or point KLING_STUDIO_HOME at a writable folder, then retry it again.',
    );
  });

  it('a delete that cannot write its claim says to delete it again, not to resume', async () => {
    const temp = await makeTempHome('kling-delete-claims-');
    remove = temp.remove;
    const writer = createLibrary({ home: temp.home });
    const m = await writer.create({ image: 'https://example.com/cat.png', prompt: 'a cat' });
    await writer.update(m.id, (d) => {
      d.state = 'failed';
    });
    await writer.close();
    // Where the claims folder should be, a file (the delete must claim the render first).
    await rm(join(temp.home, 'claims'), { recursive: true, force: true });
    await writeFile(join(temp.home, 'claims'), 'in the way');

    const library = createLibrary({ home: temp.home });
    const deleting = library.remove(m.id);
    await expect(deleting).rejects.toThrow(
      `${join(temp.home, 'claims')} is a file where Kling Studio needs a folder`,
    );
    await expect(deleting).rejects.toThrow(
      /move that file out of the way, then delete it again\.$/,
    );
    await library.close().catch(() => undefined);
  });

  it('render.json and index.json writes on a real disk say which file is in the way', async () => {
    const temp = await makeTempHome('kling-eisdir-');
    remove = temp.remove;
    const library = createLibrary({ home: temp.home });
    const m = await library.create({ image: 'https://example.com/cat.png', prompt: 'a cat' });
    await library.close();

    const manifest = manifestPath(temp.home, m.id);
    await rm(manifest);
    await mkdir(join(manifest, 'x'), { recursive: true });
    await expect(writeManifestFile(temp.home, m)).rejects.toThrow(
      `${manifest} is a folder where Kling Studio keeps a file: move that folder out of the way, then run \`kling-studio resume\`.`,
    );

    await rm(indexPath(temp.home), { force: true });
    await mkdir(join(indexPath(temp.home), 'x'), { recursive: true });
    await expect(writeIndex(temp.home, [m])).rejects.toThrow(
      `${indexPath(temp.home)} is a folder where Kling Studio keeps a file: move that folder out of the way, then the next Kling Studio command or app start rebuilds the index`,
    );
  });

  it('a new render in a folder that is a file says so (not a raw ENOTDIR)', async () => {
    const temp = await makeTempHome('kling-notdir-create-');
    remove = temp.remove;
    const library = createLibrary({ home: temp.home });
    await library.open();
    await rm(join(temp.home, 'renders'), { recursive: true });
    await writeFile(join(temp.home, 'renders'), 'in the way');
    await expect(
      library.create({ image: 'https://example.com/cat.png', prompt: 'a cat' }),
    ).rejects.toThrow(`${join(temp.home, 'renders')} is a file where Kling Studio needs a folder`);
    await library.close().catch(() => undefined);
  });
});
