import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayKey } from '../../shared/credits';
import { FIXTURES } from '../emulator/fixtures';
import { manifestsOnDisk, runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-credits-', {
  timings: { pendingMs: 30, segmentingMs: 30, runningMs: 60 },
  honourIdempotencyKey: true,
  powerBalance: 1000,
});

const estimateRequests = () =>
  cli.emulator.requests.filter((r) => r.path.endsWith('/agent/power-estimates'));

// Each test spawns the real CLI (tsx start-up is seconds on a busy machine): generous bounds.
describe('kling-studio credits', { timeout: 180_000 }, () => {
  it('estimate --json prints the exact shape for a local image, following model, duration, audio and batch', async () => {
    const first = await runCli(['estimate', FIXTURES.pngImage, '--prompt', 'wave', '--json'], {
      env: cli.env(),
    });
    expect(first.code, first.stderr).toBe(0);
    // Kling_3_0, 5 s, one video: 4 credits a second in the emulator's table. No render yet,
    // so no balance is known.
    expect(JSON.parse(first.stdout)).toEqual({ credits: 20, enough: true });

    const second = await runCli(
      [
        'estimate',
        FIXTURES.pngImage,
        '--prompt',
        'wave',
        '--model',
        'Kling_2_6',
        '--duration',
        '10',
        '--audio',
        '--batch',
        '2',
      ],
      { env: cli.env() },
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('Estimated cost: 120 credits');
    const asked = estimateRequests().map((r) => JSON.parse(r.body ?? '{}').params);
    expect(asked.at(-1)).toMatchObject({
      modelName: 'Kling_2_6',
      duration: '10s',
      generateAudio: 'true',
      batchCount: 2,
    });
    // The image went up to WeShop's CDN for the estimate; nothing was started or written.
    expect(asked.at(-1)?.images[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\//);
    expect(cli.startRequests()).toHaveLength(0);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);
  });

  it('estimate refuses bad input before any request and says when there is no figure', async () => {
    const bad = await runCli(
      ['estimate', FIXTURES.pngImage, '--prompt', 'wave', '--model', 'Kling_2_1', '--audio'],
      { env: cli.env() },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot generate audio/);
    expect(cli.emulator.requests).toHaveLength(0);

    cli.emulator.inject({
      fault: { kind: 'status', status: 404 },
      match: { path: '/agent/power-estimates' },
      times: Number.POSITIVE_INFINITY,
    });
    const none = await runCli(
      ['estimate', 'https://cdn.example.test/ref.jpg', '--prompt', 'wave', '--json'],
      { env: cli.env() },
    );
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toEqual({ credits: null });
    expect(none.stderr).toMatch(/No cost estimate/);
  });

  it('generate --max-credits refuses before any start request when the estimate is above it or missing, and renders when within', async () => {
    const over = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '--prompt',
        'wave',
        '--duration',
        '10',
        '--max-credits',
        '30',
      ],
      { env: cli.env() },
    );
    expect(over.code).toBe(5);
    expect(over.stderr).toContain(
      'refused, nothing was started: This render is estimated at 40 credits, more than --max-credits of 30 credits.',
    );
    expect(cli.startRequests()).toHaveLength(0);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);

    // A set (two prompts) is judged by its total: 2 × 20 = 40 > 30.
    const set = await runCli(
      ['generate', FIXTURES.pngImage, '-p', 'wave', '-p', 'nod', '--max-credits', '30'],
      { env: cli.env() },
    );
    expect(set.code).toBe(5);
    expect(set.stderr).toContain(
      'This set of 2 renders is estimated at 40 credits, more than --max-credits of 30 credits.',
    );
    expect(cli.startRequests()).toHaveLength(0);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);

    const badCap = await runCli(
      ['generate', FIXTURES.pngImage, '--prompt', 'wave', '--max-credits', 'lots'],
      { env: cli.env() },
    );
    expect(badCap.code).toBe(2);
    expect(badCap.stderr).toMatch(/--max-credits must be a number/);

    cli.emulator.inject({
      fault: { kind: 'server-error', status: 503 },
      match: { path: '/agent/power-estimates' },
      times: Number.POSITIVE_INFINITY,
    });
    const unknown = await runCli(
      ['generate', FIXTURES.pngImage, '--prompt', 'wave', '--max-credits', '1000'],
      { env: cli.env() },
    );
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toMatch(/No cost estimate/);
    expect(unknown.stderr).toMatch(/--max-credits \(1,000 credits\) cannot be checked/);
    expect(cli.startRequests()).toHaveLength(0);
    cli.emulator.clearFaults();

    const within = await runCli(
      ['generate', FIXTURES.pngImage, '--prompt', 'wave', '--max-credits', '20', '--json'],
      { env: cli.env() },
    );
    expect(within.code, within.stderr).toBe(0);
    expect(cli.startRequests()).toHaveLength(1);
    expect(cli.emulator.powerBalance()).toBe(980);
  });

  it('the Settings caps refuse a generate and a whole batch before any start, saying why', async () => {
    await writeFile(
      join(cli.home, 'settings.json'),
      JSON.stringify({ maxCreditsPerRender: 25, maxCreditsPerDay: 50 }),
    );
    const over = await runCli(
      ['generate', FIXTURES.pngImage, '--prompt', 'wave', '--duration', '7'],
      { env: cli.env() },
    );
    expect(over.code).toBe(5);
    expect(over.stderr).toContain(
      'This render is estimated at 28 credits, more than your per-render cap of 25 credits.',
    );

    // A set: each render is held to the per-render cap (20 and 28 credits), not the total.
    const setOver = await runCli(
      ['generate', FIXTURES.pngImage, '-p', 'wave', '--duration', '5', '--duration', '7'],
      { env: cli.env() },
    );
    expect(setOver.code).toBe(5);
    expect(setOver.stderr).toContain(
      'Render 2 of the set is estimated at 28 credits, more than your per-render cap of 25 credits.',
    );
    expect(setOver.stderr).not.toContain('Render 1 of the set is estimated');
    expect(cli.startRequests()).toHaveLength(0);

    // Three rows of 20: each within the per-render cap, 60 together above the daily 50.
    const file = join(cli.home, 'batch.json');
    const row = { image: FIXTURES.pngImage, prompt: 'wave' };
    await writeFile(file, JSON.stringify([row, row, row]));
    const batch = await runCli(['batch', file], { env: cli.env() });
    expect(batch.code).toBe(5);
    expect(batch.stderr).toContain(
      'refused, nothing was queued: 0 credits spent today plus 60 credits for this batch of 3 renders makes 60 credits, more than your daily cap of 50 credits.',
    );
    expect(cli.startRequests()).toHaveLength(0);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);

    // Two renders of 20: each within the per-render 25 though 40 together, and 40 ≤ the daily 50.
    const setWithin = await runCli(['generate', FIXTURES.pngImage, '-p', 'wave', '-p', 'nod'], {
      env: cli.env(),
    });
    expect(setWithin.code, setWithin.stderr).toBe(0);
    expect(cli.startRequests()).toHaveLength(2);
  });

  it('spent totals the renders by model and day (--since, --json), and estimate then knows the balance', async () => {
    for (const args of [
      ['--duration', '5'],
      ['--model', 'Kling_2_1', '--batch', '2'],
    ]) {
      const run = await runCli(['generate', FIXTURES.pngImage, '--prompt', 'wave', ...args], {
        env: cli.env(),
      });
      expect(run.code, run.stderr).toBe(0);
    }
    const today = dayKey(new Date());
    const spent = await runCli(['spent', '--json'], { env: cli.env() });
    expect(spent.code, spent.stderr).toBe(0);
    // 20 (Kling_3_0 5 s) + 2 × 10 (Kling_2_1 5 s, two videos).
    expect(JSON.parse(spent.stdout)).toEqual({
      credits: 40,
      renders: 2,
      byAgent: { kling: 40 },
      byModel: { Kling_3_0: 20, Kling_2_1: 20 },
      byDay: { [today]: 40 },
    });

    const human = await runCli(['spent', '--since', today], { env: cli.env() });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Spent since ${today}: 40 credits on 2 renders`);
    expect(human.stdout).toMatch(/Kling_2_1\s+20 credits/);
    expect(human.stdout).toMatch(/By agent\n\s+kling\s+40 credits/);

    const kling3 = (await manifestsOnDisk(cli.home)).find((m) => m.request.model === 'Kling_3_0');
    const shown = await runCli(['show', kling3?.id ?? 'none'], { env: cli.env() });
    // It was the first render (the generates ran one after the other): 1,000 − 20.
    expect(shown.stdout).toMatch(/^credits +20 credits \(balance after: 980 credits\)$/m);

    const later = await runCli(['spent', '--since', '2999-01-01', '--json'], { env: cli.env() });
    expect(JSON.parse(later.stdout)).toEqual({
      credits: 0,
      renders: 0,
      byAgent: {},
      byModel: {},
      byDay: {},
    });
    const bad = await runCli(['spent', '--since', 'yesterday'], { env: cli.env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since must be a date as YYYY-MM-DD/);

    const estimate = await runCli(
      ['estimate', FIXTURES.pngImage, '--prompt', 'wave', '--json', '--duration', '15'],
      { env: cli.env() },
    );
    expect(JSON.parse(estimate.stdout)).toEqual({ credits: 60, balance: 960, enough: true });
  });
});
