/**
 * `tsx test/packaged/install-app.ts`: installs the app this runner just built the way a user
 * would (the deb with apt on Linux, the NSIS installer silently on Windows, the .app copied
 * to ~/Applications on macOS) and prints the installed app executable's path.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifact, findInstalled, unpackedExecutable } from './packaged-app';

const release = resolve(import.meta.dirname, '..', '..', 'release');
/** The installers' own output goes to stderr: stdout carries only the path. */
const TO_STDERR: ['ignore', number, number] = ['ignore', 2, 2];

function install(): string {
  if (process.platform === 'linux') {
    execFileSync('sudo', ['apt-get', 'install', '-y', artifact(release, '.deb')], {
      stdio: TO_STDERR,
    });
    return findInstalled('/opt', 'kling-studio');
  }
  if (process.platform === 'win32') {
    // Per-user NSIS installer (nsis.perMachine false): /S installs without a window and waits.
    execFileSync(artifact(release, '.exe'), ['/S'], { stdio: TO_STDERR });
    const local = process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
    return findInstalled(join(local, 'Programs'), 'Kling Studio.exe');
  }
  const app = unpackedExecutable(release, 'darwin', process.arch);
  const bundle = resolve(app, '..', '..', '..');
  const applications = join(homedir(), 'Applications');
  mkdirSync(applications, { recursive: true });
  // The bundle's framework symlinks must stay links (a copied bundle would not start).
  cpSync(bundle, join(applications, 'Kling Studio.app'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  return join(applications, 'Kling Studio.app', 'Contents', 'MacOS', 'Kling Studio');
}

process.stdout.write(`${install()}\n`);
