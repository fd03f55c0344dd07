/**
 * Test child (upload-cache.test.ts): one process remembering several uploads on a shared
 * library home, as the app and CLIs do. argv: home, then sha256=url pairs.
 */
import { createUploadCache } from './upload-cache';

const [home, ...pairs] = process.argv.slice(2);
if (!home) throw new Error('usage: upload-cache.child.ts <home> <sha256=url>...');
const cache = createUploadCache({
  home,
  warn: (message) => process.stderr.write(`${message}\n`),
});
for (const pair of pairs) {
  const at = pair.indexOf('=');
  await cache.remember(pair.slice(0, at), pair.slice(at + 1));
}
