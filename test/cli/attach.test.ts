import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes';
import { FIXTURES } from '../emulator/fixtures';
import { manifestsOnDisk, runCli, spawnCli, waitFor } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-attach-');

/**
 * A render that needs attention for real: WeShop creates (and charges) the run but its answer
 * never comes back, the CLI is killed while it waits, and `resume` marks it needs-attention.
 */
async function needsAttention(): Promise<{ id: string; idempotencyKey: string }> {
  cli.emulator.inject({ fault: { kind: 'hang' }, match: { method: 'POST', path: '/agent/runs' } });
  const spawned = spawnCli(['generate', FIXTURES.pngImage, '--prompt', 'a lantern drifts up'], {
    env: cli.env(),
  });
  const started = await waitFor(async () => {
    const [m] = await manifestsOnDisk(cli.home);
    return m?.startSentAt && cli.emulator.runCount() === 1 ? m : null;
  }, 'a start that created a run on the emulator and never answered');
  spawned.child.kill('SIGKILL');
  await spawned.done;
  const resumed = await runCli(['resume'], { env: cli.env() });
  expect(resumed.code, resumed.stderr).toBe(EXIT.failed);
  const [after] = await manifestsOnDisk(cli.home);
  expect(after?.state, resumed.stderr).toBe('needs-attention');
  return { id: started.id, idempotencyKey: started.idempotencyKey };
}

// Each test spawns the real CLI several times (tsx start-up is seconds on a busy machine).
describe('kling-studio attach', { timeout: 180_000 }, () => {
  it('collects the run found on WeShop for a needs-attention render: exit 0, videos on disk, still one start', async () => {
    const { id, idempotencyKey } = await needsAttention();
    // What the user finds in WeShop's history: the run that start created.
    const [run] = cli.emulator.createdRuns();
    expect(run?.idempotencyKey).toBe(idempotencyKey);
    const runId = run?.executionId as string;

    // show names the way back.
    const shown = await runCli(['show', id], { env: cli.env() });
    expect(shown.code, shown.stderr).toBe(EXIT.ok);
    expect(shown.stdout).toContain(`kling-studio attach ${id} <run-id>`);

    // A run WeShop does not know: refused with that, the render as it was.
    const unknown = await runCli(['attach', id, 'emu9999nosuchrun'], { env: cli.env() });
    expect(unknown.code, unknown.stderr).toBe(EXIT.invalidInput);
    expect(unknown.stderr).toContain('WeShop has no run emu9999nosuchrun');
    expect((await cli.readManifest(id))?.state).toBe('needs-attention');

    const attached = await runCli(['attach', id, runId, '--json'], { env: cli.env() });
    expect(attached.code, attached.stderr).toBe(EXIT.ok);
    const result = JSON.parse(attached.stdout);
    expect(result).toMatchObject({ id, state: 'done', executionId: runId });
    expect(result.videos).toHaveLength(1);
    expect((await stat(result.videos[0])).size).toBeGreaterThan(0);
    const final = await cli.readManifest(id);
    expect(final?.history.map((h) => h.message)).toContain(
      `Attached run ${runId} found by the user`,
    );

    // One start in all (the lost one), one run on WeShop: nothing was paid twice.
    expect(cli.startRequests()).toHaveLength(1);
    expect(cli.emulator.runCount()).toBe(1);
    expect(cli.emulator.startAttemptsByIdempotencyKey().get(idempotencyKey)).toBe(1);
  });

  it('refuses a malformed run id and a render that is not waiting for a run, sending nothing', async () => {
    const done = await runCli(['generate', FIXTURES.pngImage, '--prompt', 'a calm sea'], {
      env: cli.env(),
    });
    expect(done.code, done.stderr).toBe(EXIT.ok);
    const [render] = await manifestsOnDisk(cli.home);
    const id = render?.id as string;
    const requestsBefore = cli.emulator.requests.length;

    const malformed = await runCli(['attach', id, 'run id/with spaces'], { env: cli.env() });
    expect(malformed.code).toBe(EXIT.invalidInput);
    expect(malformed.stderr).toMatch(/^error: A run id has only letters, digits/m);

    const notWaiting = await runCli(['attach', id, 'emu0001abc'], { env: cli.env() });
    expect(notWaiting.code).toBe(EXIT.invalidInput);
    expect(notWaiting.stderr).toContain(`Render ${id} already has its run`);
    expect(cli.emulator.requests).toHaveLength(requestsBefore);
  });
});
