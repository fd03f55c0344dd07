/**
 * The `kling-studio` command under node: `npm run cli -- …` (tsx) in development, and the
 * built bundle dist-cli/kling-studio.mjs that bin/kling-studio.mjs runs (`npm run build`).
 * `--version` is answered before anything else loads; every other command imports the
 * program lazily (the bundler keeps that module's code unevaluated until then).
 */

import { VERSION } from '../../shared/version';
import { isVersionRequest } from './argv';

const args = process.argv.slice(2);
if (isVersionRequest(args)) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runCliProcess } = await import('./run-process');
  await runCliProcess(args);
}
