import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { manifestsOnDisk, runCli, spawnCli, waitFor } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-queue-');

/*
 * `kling-studio queue` writes the library's steering (queue.json); another live process on the
 * library applies it to the renders it drives within a second (it looks at the file).
 */
describe('kling-studio queue', { timeout: 240_000 }, () => {
  it('a pause holds another process’s render (said on stderr); a resume from a third lets it run', async () => {
    const pause = await runCli(['queue', 'pause'], { env: cli.env() });
    expect(pause.code).toBe(0);
    expect(pause.stdout).toMatch(/^The whole queue is paused: the app and every kling-studio/);

    const generate = spawnCli(['generate', FIXTURES.pngImage, '-p', 'slow dolly-in', '--json'], {
      env: cli.env(),
    });
    let stderr = '';
    generate.child.stderr?.on('data', (chunk: Buffer | string) => {
      stderr += String(chunk);
    });
    await waitFor(async () => /The queue of this library is paused/.test(stderr), 'the pause said');
    // It exists, waiting, and nothing was started (no credits).
    await waitFor(
      async () => (await manifestsOnDisk(cli.home)).some((m) => m.state === 'queued'),
      'the render queued on disk',
    );
    expect(cli.startRequests()).toHaveLength(0);

    const resume = await runCli(['queue', 'resume'], { env: cli.env() });
    expect(resume.code).toBe(0);
    const run = await generate.done;
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'done' });
    expect(cli.startRequests()).toHaveLength(1);

    const status = await runCli(['queue', 'status', '--json'], { env: cli.env() });
    expect(JSON.parse(status.stdout)).toEqual({ paused: false, pausedSets: [], order: [] });
  });

  it('refuses a bad set id, an unknown action and moving a render that is not waiting (exit 2)', async () => {
    const badSet = await runCli(['queue', 'pause', '--set', 'set-x'], { env: cli.env() });
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toMatch(/--set set-x is not a set id/);
    const bogus = await runCli(['queue', 'sideways'], { env: cli.env() });
    expect(bogus.code).toBe(2);
    const front = await runCli(['queue', 'front', 'render-nope12'], { env: cli.env() });
    expect(front.code).toBe(2);
    expect(front.stderr).toMatch(/No render with id render-nope12/);
  });
});
