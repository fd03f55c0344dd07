/**
 * Test child (pid-namespace.test.ts): a process that claims one render in a library home,
 * as a CLI driving it would, and holds the claim until it is killed. argv: home, render id.
 * Prints the claim's result as one JSON line.
 */
import { createLibrary } from '../../../electron/library/library';

const [home, id] = process.argv.slice(2);
if (!home || !id) throw new Error('usage: claim-holder.child.ts <home> <render id>');
const library = createLibrary({ home });
process.stdout.write(`${JSON.stringify(await library.claim(id))}\n`);
setInterval(() => {}, 60_000); // hold the claim until killed
