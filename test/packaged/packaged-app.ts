/**
 * Where the release pipeline finds the app it just built or installed (electron-builder's
 * output folders and installers' default places). Plain helpers for the scripts beside it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** productName and linux.executableName in electron-builder.yml. */
const PRODUCT = 'Kling Studio';
const LINUX_EXECUTABLE = 'kling-studio';

/** The unpacked app electron-builder leaves in `release/` for this OS and architecture. */
export function unpackedExecutable(
  releaseDir: string,
  platform: NodeJS.Platform,
  arch: string,
): string {
  if (platform === 'darwin') {
    const dir = arch === 'arm64' ? 'mac-arm64' : 'mac';
    return join(releaseDir, dir, `${PRODUCT}.app`, 'Contents', 'MacOS', PRODUCT);
  }
  if (platform === 'win32') return join(releaseDir, 'win-unpacked', `${PRODUCT}.exe`);
  return join(
    releaseDir,
    arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked',
    LINUX_EXECUTABLE,
  );
}

/** The first file in `dir` whose name ends with `suffix` (an installer, an AppImage). */
export function artifact(dir: string, suffix: string): string {
  const found = readdirSync(dir).find((name) => name.endsWith(suffix));
  if (!found) throw new Error(`No *${suffix} in ${dir}: did electron-builder run?`);
  return join(dir, found);
}

/** Finds `name` in `root` or one or two folders below it (where an installer put the app). */
export function findInstalled(root: string, name: string): string {
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // unreadable or gone: not where the app is
    }
    if (names.includes(name) && statSync(join(dir, name)).isFile()) return join(dir, name);
    if (depth < 2) {
      for (const child of names) {
        const path = join(dir, child);
        if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
          queue.push({ dir: path, depth: depth + 1 });
        }
      }
    }
  }
  throw new Error(`${name} is not installed under ${root}`);
}
