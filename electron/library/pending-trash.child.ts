/**
 * Test child (pending-trash-restart.test.ts): the app deleting a render, then killed while the
 * Undo window is open. argv: home, id. Sets the render aside (its claim held), prints
 * "set-aside", and lives until killed (its Undo timer is far away).
 */
import { createLibrary } from './library';
import { createPendingTrash } from './pending-trash';

const [home, id] = process.argv.slice(2);
if (!home || !id) throw new Error('usage: pending-trash.child.ts <home> <id>');
const library = createLibrary({ home });
const trash = createPendingTrash({
  home,
  library,
  trashItem: async () => {
    throw new Error('the child never trashes');
  },
  warn: (message) => process.stderr.write(`${message}\n`),
  undoMs: 3_600_000,
});
await trash.remove(id);
process.stdout.write('set-aside\n');
setInterval(() => {}, 60_000);
