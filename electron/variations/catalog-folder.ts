import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { byName, type FolderPictures, isCatalogPicture } from '../../shared/catalog-set';
import { KlingError } from '../../shared/errors';

/**
 * A folder's pictures for a catalog set: its .png/.jpg/.jpeg/.webp files (not sub-folders,
 * not hidden files), sorted by name as people read them. Their content is checked later, one
 * by one (a bad picture is skipped, not the folder).
 */
export async function listCatalogFolder(folder: string): Promise<FolderPictures> {
  if (!isAbsolute(folder) || folder.split(/[\\/]/).includes('..')) {
    throw new KlingError('invalid-input', `Folder paths must be absolute, without "..": ${folder}`);
  }
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw unreadableFolder(folder, error);
  }
  const files = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.'));
  const pictures = files
    .map((entry) => entry.name)
    .filter(isCatalogPicture)
    .sort(byName)
    .map((name) => join(folder, name));
  return { folder, pictures, ignored: files.length - pictures.length };
}

function unreadableFolder(folder: string, error: unknown): KlingError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist'
      : code === 'ENOTDIR'
        ? 'it is a file, not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? String(error));
  return new KlingError(
    'invalid-input',
    `Cannot read the folder ${folder}: ${why}. Choose a folder of .png, .jpg or .webp pictures.`,
    { cause: error },
  );
}
