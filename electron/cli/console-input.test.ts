import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { keySet } from './commands/key';
import { detachedStdinConsole, type StdinFacts } from './console-input';
import type { CliIo, InputStream } from './io';

/**
 * A faithful fake of what Node inside Electron gets on Windows for `<app>.exe --cli key set`
 * typed in a console: fd 0 reopened on NUL (a character device, not a TTY, empty), while the
 * console the app attached to can be opened as CONIN$ (a TTY that takes raw mode).
 */
const nulStdin = (): InputStream => Object.assign(Readable.from([]), { isTTY: undefined });
const charDevice = { isCharacterDevice: () => true };
const pipe = { isCharacterDevice: () => false };

function fakeConsole(typed: string): InputStream & { rawModes: boolean[] } {
  const stream = new PassThrough() as PassThrough & InputStream & { rawModes: boolean[] };
  stream.isTTY = true;
  stream.rawModes = [];
  stream.setRawMode = (mode: boolean) => stream.rawModes.push(mode);
  // Keys arrive once the prompt listens, as a person types them.
  setImmediate(() => stream.write(typed));
  return stream;
}

const windowsApp = (over: Partial<StdinFacts> = {}): StdinFacts => ({
  platform: 'win32',
  electronVersion: '45.5.0',
  stdinIsTTY: false,
  stdinStat: () => charDevice,
  openConsole: () => fakeConsole('sk-typed-1234\r'),
  ...over,
});

function ioWith(stdin: InputStream, openConsoleInput?: () => InputStream) {
  const err: string[] = [];
  const io: CliIo = {
    env: {},
    cwd: '/',
    platform: 'win32',
    homedir: 'C:\\Users\\me',
    stdin,
    ...(openConsoleInput ? { openConsoleInput } : {}),
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text) > 0 },
    onInterrupt: () => () => undefined,
  };
  return { io, err };
}

/** keySet hands the key to rememberSecret before the keychain: stop there and look at it. */
async function keyTyped(io: CliIo): Promise<string> {
  let seen = '';
  const stop = new Error('stop before the keychain');
  await expect(
    keySet(io, [], (secret) => {
      seen = secret;
      throw stop;
    }),
  ).rejects.toBe(stop);
  return seen;
}

describe('key set through the app executable on Windows (stdin not attached)', () => {
  it('reads the key typed at the console, hidden (raw mode on, then off)', async () => {
    const opened: (InputStream & { rawModes: boolean[] })[] = [];
    const opener = detachedStdinConsole(
      windowsApp({
        openConsole: () => {
          opened.push(fakeConsole('sk-typed-1234\r'));
          return opened[0] as InputStream;
        },
      }),
    );
    expect(opener).toBeTypeOf('function');
    const { io, err } = ioWith(nulStdin(), opener);
    expect(await keyTyped(io)).toBe('sk-typed-1234');
    expect(err.join('')).toContain('WeShop API key (input hidden)');
    expect(opened.map((console) => console.rawModes)).toEqual([[true, false]]);
  });

  it('says what to do when there is no console to open (a service, a scheduled task)', async () => {
    const opener = detachedStdinConsole(
      windowsApp({
        openConsole: () => {
          throw Object.assign(new Error('The handle is invalid.'), { code: 'EBADF' });
        },
      }),
    );
    const { io } = ioWith(nulStdin(), opener);
    const refused = await keySet(io, [], () => undefined).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KlingError);
    expect((refused as KlingError).message).toMatch(/Command Prompt or PowerShell window/);
    expect((refused as KlingError).message).toContain('WESHOP_API_KEY');
    expect((refused as KlingError).message).toContain('The handle is invalid.');
  });

  it('keeps a real stdin: a pipe, a file, a terminal, plain node, other systems', () => {
    expect(detachedStdinConsole(windowsApp({ stdinStat: () => pipe }))).toBeUndefined();
    expect(detachedStdinConsole(windowsApp({ stdinIsTTY: true }))).toBeUndefined();
    expect(detachedStdinConsole(windowsApp({ electronVersion: undefined }))).toBeUndefined();
    expect(detachedStdinConsole(windowsApp({ platform: 'linux' }))).toBeUndefined();
    expect(detachedStdinConsole(windowsApp({ platform: 'darwin' }))).toBeUndefined();
    // No fd 0 at all is as detached as NUL.
    expect(detachedStdinConsole(windowsApp({ stdinStat: () => null }))).toBeTypeOf('function');
  });

  it('still reads a piped key when stdin is a pipe', async () => {
    const piped = Object.assign(Readable.from(['sk-piped-9876\n']), { isTTY: undefined });
    const { io } = ioWith(piped, detachedStdinConsole(windowsApp({ stdinStat: () => pipe })));
    expect(await keyTyped(io)).toBe('sk-piped-9876');
  });
});
