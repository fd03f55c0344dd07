// "Open with… Kling Studio" and `kling-studio-app <image>`: the OS starts the app (or a
// second instance, whose argv reaches the first) with an image path. This picks that path
// out of the arguments and checks it names an image file that exists; anything else is
// ignored (flags, the executable, Chromium switches, the app path in development).
import { extname, isAbsolute, resolve } from 'node:path';

export const OPENABLE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.webp']);

export function isOpenableImagePath(path: string): boolean {
  return OPENABLE_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * The last argument that names an existing image file, resolved against the working
 * directory of the launch that passed it; null when there is none.
 */
export function imagePathFromArgv(
  argv: readonly string[],
  workingDirectory: string,
  isFile: (path: string) => boolean,
): string | null {
  // argv[0] is the executable; everything starting with '-' is a switch, never a file.
  for (const argument of [...argv.slice(1)].reverse()) {
    if (argument.startsWith('-') || !isOpenableImagePath(argument)) continue;
    const path = isAbsolute(argument) ? argument : resolve(workingDirectory, argument);
    if (isFile(path)) return path;
  }
  return null;
}
