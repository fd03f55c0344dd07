/**
 * How long the app offers Undo after Delete (the toast's life). Main moves the folder to the OS
 * trash a few seconds later (electron/library/pending-trash.ts), so a late click still wins.
 */
export const UNDO_DELETE_MS = 10_000;
