/**
 * "Install command-line tool": writes a small `kling-studio` launcher onto the PATH that
 * starts the app executable with `--cli` (electron/boot.ts runs the CLI then, no window).
 * It never uses ELECTRON_RUN_AS_NODE, so it works with the RunAsNode fuse off. Plain Node with
 * injected fs, paths and environment, so every platform's rules are unit-tested anywhere;
 * the IPC handler passes the real ones.
 *
 * Rules: one launcher per user (~/.local/bin on Linux; /usr/local/bin on macOS when the user
 * can write there, else ~/.local/bin; %LOCALAPPDATA%\Kling Studio\bin on Windows). A file we
 * did not write (no marker line, or a symlink such as an `npm i -g` bin) is never replaced.
 */
import { constants } from 'node:fs';
import { posix, resolve, win32 } from 'node:path';
import { KlingError } from '../../../shared/errors';
import { CLI_SWITCH } from '../argv';

/** The line that marks a launcher as ours (safe to rewrite; the app rewrites it). */
export const LAUNCHER_MARKER = 'kling-studio launcher written by Kling Studio';

/** How to start the app executable; the launcher appends `--cli` and the user's arguments. */
export interface AppLaunchTarget {
  executable: string;
  /** Before `--cli`: the app folder in development (`electron .`), nothing when packaged. */
  args: string[];
}

export interface LauncherFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { mode: number }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  chmod(path: string, mode: number): Promise<void>;
  access(path: string, mode: number): Promise<void>;
  lstat(path: string): Promise<{ isFile(): boolean; isSymbolicLink(): boolean }>;
}

export interface InstallLauncherOptions {
  platform: NodeJS.Platform;
  homedir: string;
  /** PATH (to say whether the folder is on it) and LOCALAPPDATA (Windows). */
  env: Readonly<Record<string, string | undefined>>;
  target: AppLaunchTarget;
  fs: LauncherFs;
  /** macOS's shared bin folder; injected by tests. */
  systemBinDir?: string;
}

export interface InstallLauncherResult {
  /** The launcher file written. */
  path: string;
  /** Whether its folder is on PATH already (else `message` says how to add it). */
  onPath: boolean;
  /** True when an older launcher of ours was rewritten (e.g. the app moved). */
  replaced: boolean;
  /** One user-facing sentence or two: where it went and what to do next. */
  message: string;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

/** Single-quoted for sh: the only character to escape inside is the quote itself. */
const shQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** Double-quoted for cmd.exe; `%` would expand a variable, and `"` cannot be quoted at all. */
function cmdQuote(text: string): string {
  if (/["\r\n]/.test(text)) {
    throw new KlingError('invalid-input', `Cannot write a launcher for this path: ${text}`);
  }
  return `"${text.replaceAll('%', '%%')}"`;
}

/**
 * Chromium switches the launcher puts before `--cli` (the CLI never sees them:
 * cliArgsFromAppArgv takes only what follows `--cli`).
 *
 * Linux: `--ozone-platform=headless`. Without it a run over SSH or on a server aborts with
 * "Missing X server or $DISPLAY" before the CLI's first line runs. Electron picks the Ozone
 * platform from the process command line in ElectronMainDelegate::PreSandboxStartup
 * (shell/app/electron_main_delegate.cc: ui::SetOzonePlatformForLinuxIfNeeded), before the main
 * script is loaded (ElectronBrowserMainParts::PostEarlyInitialization), so
 * app.commandLine.appendSwitch from boot.ts would come too late: it has to be in argv.
 * The CLI opens no window, so headless is right with a display too. `--disable-gpu`: no GPU
 * process either (a server's missing or broken GPU driver must not stop a command that draws
 * nothing).
 */
function chromiumSwitchesForCli(platform: NodeJS.Platform): string[] {
  return platform === 'linux' ? ['--ozone-platform=headless', '--disable-gpu'] : [];
}

export function launcherScript(platform: NodeJS.Platform, target: AppLaunchTarget): string {
  const switches = [...chromiumSwitchesForCli(platform), CLI_SWITCH].join(' ');
  if (platform === 'win32') {
    const command = [target.executable, ...target.args].map(cmdQuote).join(' ');
    // `exit /b` hands the app's exit code to whoever ran the launcher (scripts check it).
    return `@echo off\r\nrem ${LAUNCHER_MARKER}: reinstall it from Settings; safe to delete\r\n${command} ${switches} %*\r\nexit /b %ERRORLEVEL%\r\n`;
  }
  const command = [target.executable, ...target.args].map(shQuote).join(' ');
  return `#!/bin/sh\n# ${LAUNCHER_MARKER}: reinstall it from Settings; safe to delete\nexec ${command} ${switches} "$@"\n`;
}

async function canWrite(fs: LauncherFs, dir: string): Promise<boolean> {
  try {
    await fs.access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folders to use, best first (the first writable one is taken). */
async function candidateDirs(options: InstallLauncherOptions): Promise<string[]> {
  const { platform, homedir, env, fs } = options;
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || win32.join(homedir, 'AppData', 'Local');
    return [win32.join(local, 'Kling Studio', 'bin')];
  }
  const userBin = posix.join(homedir, '.local', 'bin');
  if (platform === 'darwin') {
    // Where editors put theirs and on PATH by default; needs an admin-owned folder to be
    // writable by this user, so it is taken only when it is.
    const system = options.systemBinDir ?? '/usr/local/bin';
    return (await canWrite(fs, system)) ? [system, userBin] : [userBin];
  }
  return [userBin];
}

/** Whether `path` holds a launcher we wrote: a plain file with our marker line. */
async function existingLauncher(
  fs: LauncherFs,
  path: string,
): Promise<'none' | 'ours' | 'foreign'> {
  let stats: { isFile(): boolean; isSymbolicLink(): boolean };
  try {
    stats = await fs.lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'none';
    throw error;
  }
  if (stats.isSymbolicLink() || !stats.isFile()) return 'foreign';
  return (await fs.readFile(path, 'utf8')).includes(LAUNCHER_MARKER) ? 'ours' : 'foreign';
}

function isOnPath(platform: NodeJS.Platform, env: InstallLauncherOptions['env'], dir: string) {
  const path = platform === 'win32' ? win32 : posix;
  const raw = (platform === 'win32' ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const norm = (p: string) => {
    const n = path.normalize(p).replace(/[\\/]+$/, '');
    return platform === 'win32' ? n.toLowerCase() : n;
  };
  return raw
    .split(path.delimiter)
    .filter(Boolean)
    .some((entry) => norm(entry) === norm(dir));
}

export async function installCliLauncher(
  options: InstallLauncherOptions,
): Promise<InstallLauncherResult> {
  const { platform, fs } = options;
  const name = platform === 'win32' ? 'kling-studio.cmd' : 'kling-studio';
  const join = platform === 'win32' ? win32.join : posix.join;
  const dirs = await candidateDirs(options);
  const foreign: string[] = [];
  for (const dir of dirs) {
    const path = join(dir, name);
    const existing = await existingLauncher(fs, path);
    if (existing === 'foreign') {
      foreign.push(path);
      continue;
    }
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path, launcherScript(platform, options.target), { mode: 0o755 });
    // writeFile's mode applies only to a new file; a rewritten one keeps its old bits.
    if (platform !== 'win32') await fs.chmod(path, 0o755);
    const onPath = isOnPath(platform, options.env, dir);
    const skipped = foreign.length
      ? ` (${foreign.join(', ')} is another program's and was left alone)`
      : '';
    let next: string;
    if (onPath) next = 'Open a new terminal and run `kling-studio --help`.';
    else if (platform === 'win32')
      next = `${dir} is not on your PATH: add it to your user Path (Windows Settings › "Edit environment variables for your account"), then open a new terminal.`;
    else
      next = `${dir} is not on your PATH: add \`export PATH="${dir}:$PATH"\` to your shell profile (~/.profile or ~/.zshrc), then open a new terminal.`;
    return {
      path,
      onPath,
      replaced: existing === 'ours',
      message: `Installed the kling-studio command at ${path}${skipped}. ${next}`,
    };
  }
  throw new KlingError(
    'invalid-input',
    `Not installed: ${foreign.join(' and ')} already exists and was not written by Kling Studio. Remove or rename it, then try again.`,
  );
}

/**
 * At app start: rewrites our launchers that this version would write differently (the app
 * moved, or an older version wrote one without a switch the CLI now needs, such as Linux's
 * headless Ozone platform). Only files with our marker in the folders installCliLauncher uses
 * are touched; nothing is created. Returns the paths rewritten.
 */
export async function refreshCliLaunchers(options: InstallLauncherOptions): Promise<string[]> {
  const { platform, fs } = options;
  const name = platform === 'win32' ? 'kling-studio.cmd' : 'kling-studio';
  const join = platform === 'win32' ? win32.join : posix.join;
  const wanted = launcherScript(platform, options.target);
  const rewritten: string[] = [];
  for (const dir of await candidateDirs(options)) {
    const path = join(dir, name);
    if ((await existingLauncher(fs, path)) !== 'ours') continue;
    if ((await fs.readFile(path, 'utf8')) === wanted) continue;
    await fs.writeFile(path, wanted, { mode: 0o755 });
    if (platform !== 'win32') await fs.chmod(path, 0o755);
    rewritten.push(path);
  }
  return rewritten;
}

/** The facts about this process that say how to start the app again (a typed view of them). */
export interface AppProcessFacts {
  execPath: string;
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** process.versions.electron: unset under plain node (E2E harness, tests). */
  electronVersion: string | undefined;
  /** Electron's process.defaultApp: true for `electron .` in development. */
  defaultApp: boolean;
}

/** This process's facts (Electron adds process.defaultApp; plain node has neither). */
export function currentProcessFacts(): AppProcessFacts {
  const proc = process as NodeJS.Process & { defaultApp?: boolean };
  return {
    execPath: proc.execPath,
    argv: proc.argv,
    cwd: proc.cwd(),
    env: proc.env,
    electronVersion: proc.versions.electron,
    defaultApp: proc.defaultApp === true,
  };
}

/**
 * How the launcher starts this app, or null when this process is not the Electron app (the
 * E2E harness runs the core under node: there is no app executable to point at).
 */
export function appLaunchTarget(facts: AppProcessFacts): AppLaunchTarget | null {
  if (!facts.electronVersion) return null;
  // An AppImage runs from a new temporary mount each time: point at the image itself.
  const executable = facts.env.APPIMAGE || facts.execPath;
  if (!facts.defaultApp) return { executable, args: [] };
  const appDir = facts.argv[1];
  if (!appDir) return null;
  return { executable, args: [resolve(facts.cwd, appDir)] };
}
