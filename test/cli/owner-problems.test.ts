/**
 * A process that cannot make its liveness socket (library/owner.ts, beacon.ts) says so in the
 * support log, never as a raw Node warning on stderr: a read-only home or an owners folder
 * nobody can write is expected, and the command still does what it can.
 */
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beaconsDir, renderDir } from '../../electron/library/layout';
import { createLibrary } from '../../electron/library/library';
import { runCli, tempDir } from './helpers';

let home: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  home = await tempDir('kling-cli-owner-problems-');
});
afterEach(() => home.remove());

const env = () => ({ HOME: home.path, KLING_STUDIO_HOME: home.path });

describe('no liveness socket for a CLI process', { timeout: 60_000 }, () => {
  it('delete still works, the problem goes to the support log, and stderr has no Node warning', async () => {
    const seed = createLibrary({ home: home.path });
    const { id } = await seed.create({ image: '/pictures/cat.png', prompt: 'never started' });
    await seed.close();
    // A file where the owners folder goes: no socket can be made there (listen fails), while
    // the claims the delete takes can still be written.
    await rm(beaconsDir(home.path), { recursive: true, force: true });
    await writeFile(beaconsDir(home.path), 'not a folder');

    const run = await runCli(['delete', id], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Moved ${id} to the trash`));
    expect(run.stderr).not.toMatch(/Warning|\(node:\d+\)|--trace-warnings/);
    expect(run.stderr).toBe('');
    await expect(access(renderDir(home.path, id))).rejects.toThrow();
    const log = await readFile(join(home.path, 'logs', 'kling-studio.log'), 'utf8');
    const told = log
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => String(line.msg).startsWith('no liveness socket for this process'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ proc: 'cli', home: home.path });
  });
});
