import { describe, expect, it } from 'vitest';
import { cliArgsFromAppArgv, isVersionRequest } from './argv';

describe('cliArgsFromAppArgv', () => {
  it('is null for a normal app launch (an image to open is not a CLI call)', () => {
    expect(cliArgsFromAppArgv(['/opt/Kling Studio/kling-studio'])).toBeNull();
    expect(cliArgsFromAppArgv(['/opt/Kling Studio/kling-studio', '/home/me/cat.png'])).toBeNull();
  });

  it('takes everything after --cli, packaged or in development', () => {
    expect(
      cliArgsFromAppArgv(['/Applications/Kling Studio.app/x', '--cli', 'list', '--json']),
    ).toEqual(['list', '--json']);
    // `electron . --cli …`: the app folder comes first and is not the CLI's.
    expect(cliArgsFromAppArgv(['electron', '.', '--cli', 'generate', 'a.png'])).toEqual([
      'generate',
      'a.png',
    ]);
    // A later --cli is an argument of the command, not the switch.
    expect(cliArgsFromAppArgv(['x', '--no-sandbox', '--cli', 'show', '--cli'])).toEqual([
      'show',
      '--cli',
    ]);
    expect(cliArgsFromAppArgv(['x', '--cli'])).toEqual([]);
  });
});

describe('isVersionRequest', () => {
  it('is the bare --version / -V only', () => {
    expect(isVersionRequest(['--version'])).toBe(true);
    expect(isVersionRequest(['-V'])).toBe(true);
    expect(isVersionRequest([])).toBe(false);
    expect(isVersionRequest(['generate', '--version'])).toBe(false);
    expect(isVersionRequest(['--version', 'x'])).toBe(false);
  });
});
