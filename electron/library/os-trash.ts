import type { TrashItem } from './pending-trash';

/**
 * The OS trash without Electron (the CLI run by node, the E2E harness): sindresorhus's `trash`
 * follows each platform's convention (freedesktop.org Trash on Linux with its .trashinfo, so a
 * file manager can put it back; the Finder's Trash; the Recycle Bin). On Linux it answers where
 * the item went; elsewhere the place is the platform's trash, named by trashName.
 */
export const nodeTrashItem: TrashItem = async (path) => {
  // Loaded on first use: only a delete pays for its modules, not every command's start.
  const { default: trash } = await import('trash');
  // No globbing: a home path may hold [ ] * characters.
  const answer: unknown = await trash(path, { glob: false });
  if (Array.isArray(answer)) {
    const first: unknown = answer[0];
    if (first && typeof first === 'object' && 'path' in first && typeof first.path === 'string')
      return first.path;
  }
  return null;
};

/** The platform's name for its trash, for messages when the exact place is not known. */
export function trashName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the Trash';
  if (platform === 'win32') return 'the Recycle Bin';
  return 'the trash';
}
