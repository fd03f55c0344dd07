import { execFile } from 'node:child_process';
import * as realFs from 'node:fs/promises';
import { chmod, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../../shared/errors';
import { cliArgsFromAppArgv } from '../argv';
import {
  appLaunchTarget,
  type InstallLauncherOptions,
  installCliLauncher,
  LAUNCHER_MARKER,
  type LauncherFs,
  launcherScript,
  refreshCliLaunchers,
} from './launcher';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kling-launcher-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const fs: LauncherFs = realFs;
const options = (over: Partial<InstallLauncherOptions> = {}): InstallLauncherOptions => ({
  platform: 'linux',
  homedir: join(root, 'home'),
  env: { PATH: '/usr/bin:/bin' },
  target: { executable: '/opt/Kling Studio/kling-studio', args: [] },
  fs,
  ...over,
});

/** A stand-in app executable that prints the arguments it got, one per line, and exits 7. */
async function fakeApp(): Promise<string> {
  const path = join(root, "Kling Studio's app");
  await writeFile(path, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\nexit 7\n');
  await chmod(path, 0o755);
  return path;
}

const MISSING_X = 'Missing X server or $DISPLAY';

/**
 * A faithful fake of how Electron on Linux picks its Ozone platform: from the process command
 * line, in ElectronMainDelegate::PreSandboxStartup (ui::SetOzonePlatformForLinuxIfNeeded), before
 * the main script runs. An explicit `--ozone-platform=` wins (Chromium's CommandLine keeps the
 * last value; switches end at `--`); else Wayland for a Wayland session, else X11, which
 * aborts without a display before any JavaScript could react.
 */
function chromiumOzonePlatform(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): { platform: string } | { abort: string } {
  const end = argv.indexOf('--');
  const switches = (end === -1 ? argv : argv.slice(0, end)).slice(1);
  const chosen = switches
    .filter((arg) => arg.startsWith('--ozone-platform='))
    .map((arg) => arg.slice('--ozone-platform='.length))
    .at(-1);
  if (chosen) return { platform: chosen };
  if (env.XDG_SESSION_TYPE === 'wayland' && env.WAYLAND_DISPLAY) return { platform: 'wayland' };
  return env.DISPLAY ? { platform: 'x11' } : { abort: MISSING_X };
}

describe('installCliLauncher on Linux', () => {
  it('writes an executable ~/.local/bin/kling-studio that runs the app with --cli and the arguments', async () => {
    const app = await fakeApp();
    const result = await installCliLauncher(options({ target: { executable: app, args: [] } }));
    const expected = join(root, 'home', '.local', 'bin', 'kling-studio');
    expect(result).toMatchObject({ path: expected, onPath: false, replaced: false });
    expect(result.message).toContain(`export PATH="${join(root, 'home', '.local', 'bin')}:$PATH"`);
    expect((await lstat(expected)).mode & 0o777).toBe(0o755);

    // Run it: a quote in the app path, spaces in an argument, and the exit code all survive.
    const ran = await promisify(execFile)(expected, ['generate', 'my cat.png', '-p', "it's"]).then(
      () => {
        throw new Error('expected exit code 7');
      },
      (error: { code: number; stdout: string }) => error,
    );
    expect(ran.code).toBe(7);
    const argv = ran.stdout.split('\n').filter(Boolean);
    expect(argv).toEqual([
      '--ozone-platform=headless',
      '--disable-gpu',
      '--cli',
      'generate',
      'my cat.png',
      '-p',
      "it's",
    ]);
    // The CLI gets exactly the user's arguments; the switch stays Chromium's.
    expect(cliArgsFromAppArgv([app, ...argv])).toEqual(['generate', 'my cat.png', '-p', "it's"]);
  });

  it('starts the app headless, so the CLI runs over SSH or on a server with no display', async () => {
    const app = await fakeApp();
    const { path } = await installCliLauncher(options({ target: { executable: app, args: [] } }));
    const ran = await promisify(execFile)(path, ['list'], { env: {} }).catch(
      (error: { stdout: string }) => error,
    );
    const argv = [app, ...ran.stdout.split('\n').filter(Boolean)];
    // With no DISPLAY and no Wayland, Electron's own pick would be X11 and abort.
    expect(chromiumOzonePlatform([app, '--cli', 'list'], {})).toEqual({ abort: MISSING_X });
    expect(chromiumOzonePlatform(argv, {})).toEqual({ platform: 'headless' });
  });

  it('says the folder is on PATH when it is', async () => {
    const bin = join(root, 'home', '.local', 'bin');
    const result = await installCliLauncher(options({ env: { PATH: `/usr/bin:${bin}/` } }));
    expect(result.onPath).toBe(true);
    expect(result.message).toContain('kling-studio --help');
  });

  it('rewrites its own launcher (the app moved) and makes it executable again', async () => {
    const first = await installCliLauncher(options());
    await chmod(first.path, 0o644);
    const again = await installCliLauncher(
      options({ target: { executable: '/new/place/kling-studio', args: [] } }),
    );
    expect(again.replaced).toBe(true);
    expect(await readFile(again.path, 'utf8')).toContain(
      "exec '/new/place/kling-studio' --ozone-platform=headless --disable-gpu --cli",
    );
    expect((await lstat(again.path)).mode & 0o777).toBe(0o755);
  });

  it('never replaces a kling-studio it did not write (a file or a symlink)', async () => {
    const bin = join(root, 'home', '.local', 'bin');
    await mkdir(bin, { recursive: true });
    const path = join(bin, 'kling-studio');
    await writeFile(path, '#!/bin/sh\necho mine\n');
    const refused = await installCliLauncher(options()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KlingError);
    expect((refused as KlingError).message).toContain(`${path} already exists`);
    expect(await readFile(path, 'utf8')).toBe('#!/bin/sh\necho mine\n');

    // An `npm i -g` bin is a symlink to a file that may even contain our marker.
    await rm(path);
    const elsewhere = join(root, 'npm-bin.mjs');
    await writeFile(elsewhere, `// ${LAUNCHER_MARKER}`);
    await symlink(elsewhere, path);
    await expect(installCliLauncher(options())).rejects.toThrow(/not written by Kling Studio/);
    expect(await readFile(elsewhere, 'utf8')).toBe(`// ${LAUNCHER_MARKER}`);
  });
});

describe('refreshCliLaunchers (at app start)', () => {
  it('rewrites an older launcher of ours that lacks the headless switch, and nothing else', async () => {
    const bin = join(root, 'home', '.local', 'bin');
    await mkdir(bin, { recursive: true });
    const path = join(bin, 'kling-studio');
    const older = `#!/bin/sh\n# ${LAUNCHER_MARKER}: reinstall it from Settings; safe to delete\nexec '/opt/Kling Studio/kling-studio' --cli "$@"\n`;
    await writeFile(path, older, { mode: 0o755 });
    expect(await refreshCliLaunchers(options())).toEqual([path]);
    expect(await readFile(path, 'utf8')).toContain('--ozone-platform=headless --disable-gpu --cli');
    expect(await refreshCliLaunchers(options())).toEqual([]);

    // Someone else's file, or no launcher at all: left alone, nothing created.
    await writeFile(path, '#!/bin/sh\necho mine\n');
    expect(await refreshCliLaunchers(options())).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    await rm(path);
    expect(await refreshCliLaunchers(options())).toEqual([]);
    await expect(lstat(path)).rejects.toThrow();
  });
});

describe('installCliLauncher on macOS', () => {
  it('uses /usr/local/bin when writable, else ~/.local/bin, and skips a foreign file', async () => {
    const system = join(root, 'usr-local-bin');
    await mkdir(system);
    const mac = (over: Partial<InstallLauncherOptions> = {}) =>
      options({ platform: 'darwin', systemBinDir: system, env: { PATH: system }, ...over });

    const first = await installCliLauncher(mac());
    expect(first).toMatchObject({ path: join(system, 'kling-studio'), onPath: true });
    // No Ozone on macOS: the launcher passes only --cli.
    expect(await readFile(first.path, 'utf8')).toMatch(/ --cli "\$@"\n$/);
    expect(await readFile(first.path, 'utf8')).not.toContain('ozone');

    await writeFile(join(system, 'kling-studio'), 'someone else');
    const second = await installCliLauncher(mac());
    expect(second.path).toBe(join(root, 'home', '.local', 'bin', 'kling-studio'));
    expect(second.message).toContain('was left alone');
    expect(await readFile(join(system, 'kling-studio'), 'utf8')).toBe('someone else');

    const missing = await installCliLauncher(mac({ systemBinDir: join(root, 'nope') }));
    expect(missing.path).toBe(join(root, 'home', '.local', 'bin', 'kling-studio'));
  });
});

describe('installCliLauncher on Windows', () => {
  /** Windows paths cannot be created on this machine: an in-memory fs records the writes. */
  function memoryFs(): LauncherFs & { files: Map<string, string> } {
    const files = new Map<string, string>();
    const missing = () => Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return {
      files,
      readFile: async (path) => files.get(path) ?? Promise.reject(missing()),
      writeFile: async (path, data) => {
        files.set(path, data);
      },
      mkdir: async () => undefined,
      chmod: async () => undefined,
      access: async () => undefined,
      lstat: async (path) => {
        if (!files.has(path)) throw missing();
        return { isFile: () => true, isSymbolicLink: () => false };
      },
    };
  }

  it('writes kling-studio.cmd in %LOCALAPPDATA%\\Kling Studio\\bin and checks Path case-insensitively', async () => {
    const memory = memoryFs();
    const result = await installCliLauncher(
      options({
        platform: 'win32',
        homedir: 'C:\\Users\\me',
        env: {
          LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local',
          Path: 'C:\\Windows;c:\\users\\me\\appdata\\local\\kling studio\\bin\\',
        },
        target: { executable: 'C:\\Program Files\\Kling 100%\\Kling Studio.exe', args: [] },
        fs: memory,
      }),
    );
    expect(result).toMatchObject({
      path: 'C:\\Users\\me\\AppData\\Local\\Kling Studio\\bin\\kling-studio.cmd',
      onPath: true,
    });
    const script = memory.files.get(result.path) ?? '';
    expect(script).toContain('"C:\\Program Files\\Kling 100%%\\Kling Studio.exe" --cli %*\r\n');
    expect(script).toContain('exit /b %ERRORLEVEL%');
    expect(script).toContain(LAUNCHER_MARKER);
  });

  it('explains how to add the folder to PATH when it is not there', async () => {
    const result = await installCliLauncher(
      options({
        platform: 'win32',
        homedir: 'C:\\Users\\me',
        env: { PATH: 'C:\\Windows' },
        fs: memoryFs(),
      }),
    );
    expect(result.path).toBe('C:\\Users\\me\\AppData\\Local\\Kling Studio\\bin\\kling-studio.cmd');
    expect(result.onPath).toBe(false);
    expect(result.message).toContain('is not on your PATH');
  });

  it('refuses a path cmd.exe cannot quote', () => {
    expect(() => launcherScript('win32', { executable: 'C:\\a"b.exe', args: [] })).toThrow(
      KlingError,
    );
  });
});

describe('appLaunchTarget', () => {
  const facts = {
    execPath: '/opt/Kling Studio/kling-studio',
    argv: ['/opt/Kling Studio/kling-studio'],
    cwd: '/home/me',
    env: {},
    electronVersion: '45.5.0',
    defaultApp: false,
  };

  it('is the executable itself when packaged, the AppImage when run from one', () => {
    expect(appLaunchTarget(facts)).toEqual({ executable: facts.execPath, args: [] });
    expect(
      appLaunchTarget({
        ...facts,
        execPath: '/tmp/.mount_KlingXYZ/kling-studio',
        env: { APPIMAGE: '/home/me/Apps/Kling-Studio.AppImage' },
      }),
    ).toEqual({ executable: '/home/me/Apps/Kling-Studio.AppImage', args: [] });
  });

  it('adds the app folder in development (`electron .`)', () => {
    expect(
      appLaunchTarget({
        ...facts,
        execPath: '/repo/node_modules/electron/dist/electron',
        argv: ['/repo/node_modules/electron/dist/electron', '.'],
        cwd: '/repo',
        defaultApp: true,
      }),
    ).toEqual({ executable: '/repo/node_modules/electron/dist/electron', args: ['/repo'] });
  });

  it('is null outside Electron (the E2E harness has no app executable)', () => {
    expect(appLaunchTarget({ ...facts, electronVersion: undefined })).toBeNull();
  });
});
