import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('kling-cli-bin-');
});
afterEach(() => dir.remove());

const BIN = join(ROOT, 'bin', 'kling-studio.mjs');

describe('the kling-studio bin', { timeout: 60_000 }, () => {
  it('runs from any working directory', async () => {
    const run = await runCli(['list', '--json'], {
      command: [process.execPath, BIN],
      cwd: dir.path,
      env: { HOME: dir.path, KLING_STUDIO_HOME: join(dir.path, 'library') },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('treats usage mistakes as input errors (exit 2) and help as success', async () => {
    const env = { HOME: dir.path, KLING_STUDIO_HOME: dir.path };
    const unknown = await runCli(['generate', 'a.png', '--prompt', 'x', '--colour', 'red'], {
      env,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("error: unknown option '--colour'");
    const missing = await runCli(['generate', 'a.png'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-p, --prompt <text>' not specified");
    const help = await runCli(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('generate');
  });

  it('refuses a key given as an argument, before touching any keychain', async () => {
    const secret = 'do-not-echo-1234';
    const run = await runCli(['key', 'set', secret], {
      env: { HOME: dir.path, KLING_STUDIO_HOME: dir.path },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Do not put the key on the command line/);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });
});
