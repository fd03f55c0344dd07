import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { filesUnder, runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-logs-');

const logFile = () => join(cli.home, 'logs', 'kling-studio.log');

describe('kling-studio logs', { timeout: 120_000 }, () => {
  it('prints where the log is without creating anything', async () => {
    const run = await runCli(['logs'], { env: cli.env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${logFile()}\n`);
    expect(run.stderr).toMatch(/no log yet/);
    const json = await runCli(['logs', '--json'], { env: cli.env() });
    expect(JSON.parse(json.stdout)).toEqual({
      file: logFile(),
      folder: join(cli.home, 'logs'),
      exists: false,
    });
    expect(await filesUnder(cli.home)).toEqual([]);
  });

  it("writes a generate's state changes and requests to the same file, marked cli, never the key", async () => {
    const run = await runCli(['generate', FIXTURES.pngImage, '-p', 'slow dolly-in', '--json'], {
      env: cli.env(),
    });
    expect(run.code).toBe(0);
    const text = await readFile(logFile(), 'utf8');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((l) => l.proc === 'cli' && typeof l.pid === 'number')).toBe(true);
    expect(lines.filter((l) => l.msg === 'job state').at(-1)).toMatchObject({ to: 'done' });
    expect(lines.some((l) => l.msg === 'weshop request' && l.path === '/agent/runs')).toBe(true);
    expect(text).not.toContain(cli.emulator.apiKey);
    const where = await runCli(['logs'], { env: cli.env() });
    expect(where.stdout).toBe(`${logFile()}\n`);
    expect(where.stderr).toBe('');
  });
});
