import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes';
import { createLibrary } from '../../electron/library/library';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { manifestsOnDisk, runCli, spawnCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-retry-', {
  // One video per execution, so a batch of 2 is two executions that can end differently.
  resultsPerExecution: 1,
});

/** Changes a render on disk the way a crash or an older version left it, then lets go of it. */
async function rewrite(id: string, mutate: (m: RenderManifest) => void) {
  const library = createLibrary({ home: cli.home });
  try {
    await library.update(id, (m) => {
      mutate(m);
      return m;
    });
  } finally {
    await library.close();
  }
}

async function createRender(): Promise<string> {
  const library = createLibrary({ home: cli.home });
  try {
    return (await library.create({ image: FIXTURES.pngImage, prompt: 'a slow wave' })).id;
  } finally {
    await library.close();
  }
}

// Each test spawns the real CLI several times (tsx start-up is seconds on a busy machine).
describe('kling-studio retry', { timeout: 180_000 }, () => {
  it('a partly delivered batch: exit 3, the delivered video on disk, then --missing renders just the rest', async () => {
    cli.emulator.inject({
      fault: {
        kind: 'mixed-executions',
        outcomes: ['Success', 'Failed'],
        reason: 'the second video failed the safety check',
      },
    });
    const run = await runCli(
      ['generate', FIXTURES.pngImage, '--prompt', 'two lanterns', '--batch', '2'],
      { env: cli.env() },
    );
    expect(run.code, run.stderr).toBe(EXIT.partial);
    const [partial] = await manifestsOnDisk(cli.home);
    expect(partial?.state).toBe('partial');
    const id = partial?.id as string;
    const delivered = join(cli.home, 'renders', id, partial?.videos[0]?.file as string);
    // The delivered video is a result: its path is on stdout; the reason and the way on, on stderr.
    expect(run.stdout).toContain(`${id} partial: 1 of 2 videos`);
    expect(run.stdout).toContain(delivered);
    expect(run.stderr).toContain('the second video failed the safety check');
    expect(run.stderr).toContain(`kling-studio retry ${id} --missing`);

    const listed = await runCli(['list', '--json'], { env: cli.env() });
    expect(JSON.parse(listed.stdout).items).toEqual([
      expect.objectContaining({ id, state: 'partial', videos: [delivered] }),
    ]);

    const table = await runCli(['list'], { env: cli.env() });
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+partial 1/2\\s`));
    const shown = await runCli(['show', id], { env: cli.env() });
    expect(shown.stdout).toContain('WeShop   the second video failed the safety check');
    expect(shown.stdout).toContain(`1 of 2 delivered; \`kling-studio retry ${id} --missing\``);

    // A plain retry would pay again for the delivered video: refused, nothing sent.
    const startsBefore = cli.startRequests().length;
    const plain = await runCli(['retry', id], { env: cli.env() });
    expect(plain.code, plain.stderr).toBe(EXIT.invalidInput);
    expect(plain.stderr).toContain(`kling-studio retry ${id} --missing`);
    expect(cli.startRequests()).toHaveLength(startsBefore);

    // What the missing video costs is said first; above --max-credits it is refused, no start.
    const capped = await runCli(['retry', id, '--missing', '--max-credits', '5'], {
      env: cli.env(),
    });
    expect(capped.code, capped.stderr).toBe(EXIT.overBudget);
    expect(capped.stderr).toContain(`The missing 1 video of ${id}: Estimated cost: 20 credits`);
    expect(capped.stderr).toContain('refused, nothing was started');
    expect(cli.startRequests()).toHaveLength(startsBefore);

    const missing = await runCli(['retry', id, '--missing', '--json'], { env: cli.env() });
    expect(missing.code, missing.stderr).toBe(EXIT.ok);
    expect(missing.stderr).toContain(`The missing 1 video of ${id}: Estimated cost: 20 credits`);
    const result = JSON.parse(missing.stdout);
    expect(result).toMatchObject({ state: 'done', batchCount: 1 });
    expect(result.id).not.toBe(id);
    expect(result.videos).toHaveLength(1);
    // One new start, for one video; the partial render is left as it was.
    expect(cli.startRequests()).toHaveLength(startsBefore + 1);
    expect(cli.startRequests().at(-1)?.body).toMatch(/"batchCount":1\b/);
    const after = await manifestsOnDisk(cli.home);
    expect(after.find((m) => m.id === id)).toMatchObject({ state: 'partial', videos: [{}] });
    expect(after.find((m) => m.id === result.id)?.request.batchCount).toBe(1);
  });

  it('two `retry --missing` of one partial render, at once and again later: one new render, one start, both name it', async () => {
    // A batch of 2 WeShop delivered 1 of (as a mixed run leaves it), its video on disk.
    const id = await createRender();
    await rewrite(id, (m) => {
      m.request.batchCount = 2;
      m.state = 'partial';
      m.executionId = 'emu-earlier-run';
      m.startSentAt = new Date().toISOString();
      m.videos = [{ index: 0, url: 'https://cdn.example.test/v0.mp4', file: 'video-1.mp4' }];
      m.error = { kind: 'run-failed', message: 'WeShop delivered 1 of 2 videos' };
    });
    const missingStarts = () =>
      cli.startRequests().filter((r) => /"batchCount":1\b/.test(r.body ?? ''));

    // A double click's worth: both commands at once.
    const [a, b] = await Promise.all([
      spawnCli(['retry', id, '--missing', '--json'], { env: cli.env(), timeoutMs: 90_000 }).done,
      spawnCli(['retry', id, '--missing', '--json'], { env: cli.env(), timeoutMs: 90_000 }).done,
    ]);
    expect(a.code, a.stderr).toBe(EXIT.ok);
    expect(b.code, b.stderr).toBe(EXIT.ok);
    const [first, second] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(first).toMatchObject({ state: 'done', batchCount: 1 });
    expect(second.id).toBe(first.id);
    expect(missingStarts()).toHaveLength(1);
    const renders = await manifestsOnDisk(cli.home);
    expect(renders.map((m) => m.id).sort()).toEqual([id, first.id].sort());
    expect(renders.find((m) => m.id === id)?.missingRenderedBy).toBe(first.id);

    // Later, once more: the same render, said so, nothing estimated or started.
    const estimates = cli.posts('/agent/power-estimates').length;
    const again = await runCli(['retry', id, '--missing'], { env: cli.env() });
    expect(again.code, again.stderr).toBe(EXIT.ok);
    expect(again.stderr).toContain(
      `The missing 1 video of ${id} was already rendered as ${first.id} (no new charge)`,
    );
    expect(again.stdout).toContain(`${first.id} done: 1 video`);
    expect(cli.posts('/agent/power-estimates')).toHaveLength(estimates);
    expect(missingStarts()).toHaveLength(1);

    // show no longer offers to render the rest: it says which render did.
    const shown = await runCli(['show', id], { env: cli.env() });
    expect(shown.stdout).toContain(`1 of 2 delivered; the missing 1 was rendered as ${first.id}`);
    expect(shown.stdout).not.toContain('--missing');
  });

  it('says what a new run costs and holds it to --max-credits and the Settings caps: refused retries send no start (exit 5)', async () => {
    const id = await createRender();
    // Failed before WeShop made a run (no run id): a retry is a new, paid start.
    await rewrite(id, (m) => {
      m.state = 'failed';
      m.error = { kind: 'network', message: 'The upload failed: connection reset' };
    });

    const badCap = await runCli(['retry', id, '--max-credits', 'lots'], { env: cli.env() });
    expect(badCap.code).toBe(EXIT.invalidInput);
    expect(badCap.stderr).toContain('--max-credits must be a number of credits above 0');
    expect(cli.emulator.requests).toEqual([]);

    // Kling_3_0, 5 s, one video: 20 credits in the emulator's table.
    const overFlag = await runCli(['retry', id, '--max-credits', '10'], { env: cli.env() });
    expect(overFlag.code, overFlag.stderr).toBe(EXIT.overBudget);
    expect(overFlag.stderr).toContain(`A new run of ${id}: Estimated cost: 20 credits`);
    expect(overFlag.stderr).toContain(
      'refused, nothing was started: This render is estimated at 20 credits, more than --max-credits of 10 credits.',
    );

    await writeFile(join(cli.home, 'settings.json'), JSON.stringify({ maxCreditsPerRender: 15 }));
    const overSettings = await runCli(['retry', id], { env: cli.env() });
    expect(overSettings.code, overSettings.stderr).toBe(EXIT.overBudget);
    expect(overSettings.stderr).toContain('more than your per-render cap of 15 credits');

    // Both refusals asked for the estimate and sent no start; the render is as it was.
    expect(cli.posts('/agent/power-estimates').length).toBeGreaterThan(0);
    expect(cli.startRequests()).toEqual([]);
    expect((await manifestsOnDisk(cli.home))[0]?.state).toBe('failed');

    await writeFile(join(cli.home, 'settings.json'), JSON.stringify({ maxCreditsPerRender: 25 }));
    const within = await runCli(['retry', id, '--max-credits', '20'], { env: cli.env() });
    expect(within.code, within.stderr).toBe(EXIT.ok);
    expect(within.stderr).toContain(`A new run of ${id}: Estimated cost: 20 credits`);
    expect(within.stdout).toContain(`${id} done: 1 video`);
    expect(cli.startRequests()).toHaveLength(1);
  });

  it('refuses a start whose outcome is unknown without --confirm-double-charge, and says why', async () => {
    const id = await createRender();
    await rewrite(id, (m) => {
      m.state = 'needs-attention';
      m.startSentAt = new Date().toISOString();
      m.error = {
        kind: 'needs-attention',
        message: 'The app closed while the start was in flight',
      };
    });

    const refused = await runCli(['retry', id], { env: cli.env() });
    expect(refused.code).toBe(EXIT.needsAttention);
    expect(refused.stderr).toMatch(/^error: Not retried: /);
    expect(refused.stderr).toContain('may charge twice');
    expect(refused.stderr).toContain(`kling-studio retry ${id} --confirm-double-charge`);
    expect(cli.emulator.requests).toEqual([]); // not even an upload
    expect((await manifestsOnDisk(cli.home))[0]?.state).toBe('needs-attention');

    const confirmed = await runCli(['retry', id, '--confirm-double-charge'], { env: cli.env() });
    expect(confirmed.code, confirmed.stderr).toBe(EXIT.ok);
    expect(confirmed.stderr).toContain('this may charge twice');
    expect(confirmed.stdout).toContain(`${id} done: 1 video`);
    expect(cli.startRequests()).toHaveLength(1);
  });

  it('checks a run it stopped waiting on again, without a new start (Check again)', async () => {
    const run = await runCli(['generate', FIXTURES.pngImage, '--prompt', 'a slow wave'], {
      env: cli.env(),
    });
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const [done] = await manifestsOnDisk(cli.home);
    const id = done?.id as string;
    expect(cli.startRequests()).toHaveLength(1);
    // As "Stop waiting" leaves it: canceled, the run id kept, nothing downloaded yet.
    await rm(join(cli.home, 'renders', id, done?.videos[0]?.file as string));
    await rewrite(id, (m) => {
      m.state = 'canceled';
      m.videos = [];
      delete m.thumbnailFile;
      m.error = { kind: 'canceled', message: 'Stopped waiting: the run is on WeShop' };
    });

    const again = await runCli(['retry', id], { env: cli.env() });
    expect(again.code, again.stderr).toBe(EXIT.ok);
    expect(again.stderr).toContain('again (no new charge)');
    expect(again.stdout).toContain(`${id} done: 1 video`);
    expect(cli.startRequests()).toHaveLength(1);
  });

  it('refuses a render that is not finished or unknown, as input to fix', async () => {
    const id = await createRender();
    // list and show say what is wrong with a render that is still going by itself.
    const warning = '3 polls in a row failed (ECONNRESET); still trying';
    await rewrite(id, (m) => {
      m.warning = warning;
    });
    const shown = await runCli(['show', id], { env: cli.env() });
    expect(shown.stdout).toContain(`warning  ${warning}`);
    const listed = await runCli(['list', '--json'], { env: cli.env() });
    expect(JSON.parse(listed.stdout).items).toEqual([expect.objectContaining({ id, warning })]);

    const queued = await runCli(['retry', id], { env: cli.env() });
    expect(queued.code).toBe(EXIT.invalidInput);
    expect(queued.stderr).toContain(`${id} is queued`);
    const unknown = await runCli(['retry', 'no-such-render'], { env: cli.env() });
    expect(unknown.code).toBe(EXIT.failed);
    expect(unknown.stderr).toContain('No render with id no-such-render');
    expect(cli.emulator.requests).toEqual([]);
  });
});
