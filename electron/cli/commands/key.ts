import { KlingError } from '../../../shared/errors';
import { GET_KEY_URL } from '../../../shared/settings';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { printJson, printLine } from '../output';
import { promptHiddenSecret, readPipedSecret } from '../secret-input';
import { openSecrets } from '../session';

/** The keychain's own error plus what to do instead (headless Linux often has none). */
async function withKeychain<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof KlingError && error.message.startsWith('The system keychain')) {
      throw new KlingError(
        error.kind,
        `${error.message}. Without a keychain, set WESHOP_API_KEY in the environment instead`,
      );
    }
    throw error;
  }
}

const envNote = (io: CliIo) =>
  io.env.WESHOP_API_KEY?.trim()
    ? ' Note: WESHOP_API_KEY is set in this environment and is used instead while it is.'
    : '';

/**
 * `key set`: the key comes from a hidden prompt or from a pipe, never from an argument,
 * where it would end up in the shell history and in `ps` output for everyone to read.
 */
export async function keySet(
  io: CliIo,
  extraArgs: readonly string[],
  rememberSecret: (secret: string) => void,
): Promise<number> {
  if (extraArgs.length > 0) {
    throw new KlingError(
      'invalid-input',
      'Do not put the key on the command line (shell history, process list); run `kling-studio key set` and type it, or pipe it in: `kling-studio key set < keyfile`',
    );
  }
  // The app executable on Windows has no stdin of its own: the prompt reads the console.
  const input = io.openConsoleInput ? io.openConsoleInput() : io.stdin;
  const key = input.isTTY
    ? await promptHiddenSecret(input, io.stderr, 'WeShop API key (input hidden): ')
    : await readPipedSecret(input);
  rememberSecret(key);
  const secrets = openSecrets(io);
  await withKeychain(() => secrets.set(key));
  printLine(
    io,
    `Saved the API key in the system keychain (ends in ${key.slice(-4)}).${envNote(io)}`,
  );
  return EXIT.ok;
}

export async function keyClear(io: CliIo): Promise<number> {
  await withKeychain(() => openSecrets(io).clear());
  printLine(io, `Removed the API key from the system keychain.${envNote(io)}`);
  return EXIT.ok;
}

/** Where the key comes from and its last four characters: never more of it. */
export async function keyStatus(io: CliIo, options: { json?: boolean }): Promise<number> {
  const status = await withKeychain(() => openSecrets(io).status());
  if (options.json) printJson(io, status);
  else if (!status.set) {
    printLine(
      io,
      `No API key set. Run \`kling-studio key set\` or set WESHOP_API_KEY (get one at ${GET_KEY_URL}).`,
    );
  } else {
    const source = status.source === 'env' ? 'WESHOP_API_KEY' : 'the system keychain';
    printLine(io, `API key set (from ${source}), ends in ${status.last4}`);
  }
  return EXIT.ok;
}
