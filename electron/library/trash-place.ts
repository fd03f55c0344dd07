import { join } from 'node:path';

/**
 * Where a deleted render waits while the app offers Undo: <home>/trash-pending/<id>, in the
 * library's own home so that setting it aside and putting it back are renames (atomic, no copy).
 */
export const pendingTrashDir = (home: string) => join(home, 'trash-pending');
export const pendingTrashPath = (home: string, id: string) => join(pendingTrashDir(home), id);
