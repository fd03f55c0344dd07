/**
 * Test child (owner.test.ts): a process that owns something in a library home and lives
 * until it is killed. argv: home. Prints the record it would write (with its beacon).
 */
import { announce, newOwner } from './owner';

const [home] = process.argv.slice(2);
if (!home) throw new Error('usage: owner.child.ts <home>');
const record = await announce(newOwner('child', home));
process.stdout.write(`${JSON.stringify(record)}\n`);
setInterval(() => {}, 60_000); // the beacon is unref'd: this keeps the process alive
