import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isRemoteImage } from '../../shared/render-request';
import { Storyboard } from '../../shared/storyboard';
import { SetId } from '../../shared/variations';
import { inspectImage } from '../images/inspect';
import { type FileProblem, lockedJsonFile } from '../presets/locked-json-file';

/**
 * <home>/storyboards/<id>/storyboard.json (the record), keyframe-01.png … (the keyframes'
 * copies) and the joined MP4s. The record is read-modify-written under a lock
 * (locks/storyboards/<id>/…), atomically: the app and a CLI may re-render or join at once.
 */
export interface StoryboardStore {
  folderOf(id: string): string;
  read(id: string): Promise<Storyboard | null>;
  /** Every storyboard in the library, newest first. */
  list(): Promise<Storyboard[]>;
  save(storyboard: Storyboard): Promise<void>;
  /** Read-modify-write of one record; null when there is no such storyboard. */
  update(id: string, change: (current: Storyboard) => Storyboard): Promise<Storyboard | null>;
  keepKeyframes(id: string, keyframes: readonly string[]): Promise<string[]>;
  discard(id: string): Promise<void>;
}

export const storyboardsDir = (home: string) => join(home, 'storyboards');
const RECORD = 'storyboard.json';

export function createStoryboardStore(home: string, onProblem: FileProblem): StoryboardStore {
  const folderOf = (id: string) => {
    // An id from IPC or the command line never climbs out of storyboards/.
    if (!SetId.safeParse(id).success) throw new Error(`Not a storyboard id: ${id}`);
    return join(storyboardsDir(home), id);
  };
  const file = (id: string) =>
    lockedJsonFile<Storyboard | null>({
      home,
      fileName: join('storyboards', id, RECORD),
      schema: Storyboard.nullable(),
      empty: () => null,
      onProblem,
    });
  const read = async (id: string) => (SetId.safeParse(id).success ? file(id).read() : null);
  return {
    folderOf,
    read,
    async list() {
      const names = await readdir(storyboardsDir(home)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT')
          onProblem('storyboards folder unreadable', { error: error.code });
        return [] as string[];
      });
      const found = await Promise.all(names.map(read));
      return found
        .filter((s): s is Storyboard => s !== null)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    async save(storyboard) {
      await mkdir(folderOf(storyboard.id), { recursive: true });
      await file(storyboard.id).update(() => ({ next: storyboard, result: undefined }));
    },
    async update(id, change) {
      if (!(await read(id))) return null;
      return file(id).update((current) => {
        if (!current) return { next: current, result: null };
        const next = change(current);
        return { next, result: next };
      });
    },
    async keepKeyframes(id, keyframes) {
      const folder = folderOf(id);
      await mkdir(folder, { recursive: true });
      const width = Math.max(2, String(keyframes.length).length);
      const kept: string[] = [];
      for (const [i, picture] of keyframes.entries()) {
        if (isRemoteImage(picture)) {
          kept.push(picture);
          continue;
        }
        const { format } = await inspectImage(picture);
        const target = join(folder, `keyframe-${String(i + 1).padStart(width, '0')}.${format}`);
        // COPYFILE_EXCL: a new storyboard's folder is empty; never replace a file.
        await copyFile(picture, target, constants.COPYFILE_EXCL);
        kept.push(target);
      }
      return kept;
    },
    async discard(id) {
      await rm(folderOf(id), { recursive: true, force: true });
    },
  };
}
