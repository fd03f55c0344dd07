import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Only the Electron shell may import `electron`: everything else must run under plain Node
// (vitest, the CLI) and in the browser (renderer), where the Electron binary does not exist.
const root = join(import.meta.dirname, '..', '..');
const SHELL_FILES = new Set([
  'electron/main.ts',
  'electron/preload.ts',
  'electron/ipc.ts',
  'electron/protocol.ts',
  // CLI mode's one use of Electron (the macOS Dock icon); boot.ts loads it only with --cli.
  'electron/shell-cli.ts',
]);
const importsElectron =
  /(?:from\s*['"]electron(?:\/[^'"]*)?['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('layering', () => {
  const files = ['electron', 'shared', 'renderer', 'test'].flatMap((dir) => sourceFiles(dir));

  it('finds the source tree', () => {
    expect(files).toContain('shared/ipc.ts');
  });

  it('imports electron only from the shell files', () => {
    const offenders = files
      .filter((file) => !SHELL_FILES.has(file))
      .filter((file) => importsElectron.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps shared/ free of Node built-ins so the renderer can use it', () => {
    const offenders = sourceFiles('shared').filter((file) =>
      /from\s*['"]node:/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
