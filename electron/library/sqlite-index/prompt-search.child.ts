/**
 * Test child (prompt-search.test.ts): another process that adds one render to a library, as a
 * CLI would, and exits. argv: home, prompt. Prints the render's id.
 */
import { createLibrary } from '../library';

const [home, prompt] = process.argv.slice(2);
if (!home || prompt === undefined) throw new Error('usage: prompt-search.child.ts <home> <prompt>');
const library = createLibrary({ home });
const render = await library.create({ image: 'https://cdn.weshop.example/in.png', prompt });
await library.close();
process.stdout.write(`${render.id}\n`);
