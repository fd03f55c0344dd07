/**
 * The `kling-studio` command (`npm run cli -- …`, or bin/kling-studio.mjs). The only file of
 * the CLI that touches process globals; everything else gets them through CliIo.
 */
import { homedir } from 'node:os';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { runCli } from './program';

const handlers = new Set<() => void>();
let interrupts = 0;

function onSignal(): void {
  interrupts++;
  // A second Ctrl-C means "now": every manifest on disk is already consistent.
  if (interrupts > 1 || handlers.size === 0) process.exit(EXIT.interrupted);
  for (const handler of handlers) handler();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const io: CliIo = {
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homedir: homedir(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(handler) {
    handlers.add(handler);
    return () => handlers.delete(handler);
  },
};

const code = await runCli(process.argv.slice(2), io);
// Exit explicitly: idle keep-alive sockets must not hold a finished command open. Writes to
// pipes and files are synchronous on POSIX; the callback covers the other cases.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
