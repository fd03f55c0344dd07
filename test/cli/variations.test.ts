import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-set-');

describe('kling-studio generate with several prompts and models (a set)', {
  timeout: 120_000,
}, () => {
  it('queues the 2x2 cross product as one set: 4 starts, 1 upload, --json { set, renders }', async () => {
    const run = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '--prompt',
        'wave hello',
        '--prompt',
        'turn around',
        '--model',
        'Kling_3_0',
        '--model',
        'Kling_2_6',
        '--json',
      ],
      { env: cli.env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(Object.keys(body)).toEqual(['set', 'renders']);
    expect(body.set).toMatch(/^set-/);
    expect(body.renders).toHaveLength(4);
    for (const render of body.renders) {
      expect(Object.keys(render)).toEqual(['id', 'state', 'agent', 'executionId', 'videos']);
      expect(render).toMatchObject({
        state: 'done',
        agent: 'kling',
        executionId: expect.any(String),
      });
      expect(render.videos).toHaveLength(1);
    }
    expect(cli.posts('/agent/assets/images')).toHaveLength(1);
    expect([...cli.emulator.startsByIdempotencyKey().values()]).toEqual([1, 1, 1, 1]);
    expect(run.stderr).toMatch(
      /Set of 4 renders: (estimated \d+ credits in total|cost estimate unavailable)/,
    );

    const manifests = await Promise.all(
      body.renders.map((r: { id: string }) => cli.readManifest(r.id)),
    );
    expect(manifests.map((m) => m?.setId)).toEqual([body.set, body.set, body.set, body.set]);
    expect(manifests.map((m) => `${m?.request.prompt}/${m?.request.model}`).sort()).toEqual([
      'turn around/Kling_2_6',
      'turn around/Kling_3_0',
      'wave hello/Kling_2_6',
      'wave hello/Kling_3_0',
    ]);
  });

  it('refuses a set with an invalid combination before any request (exit 2)', async () => {
    const run = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '-p',
        'a',
        '-p',
        'b',
        '-m',
        'Kling_3_0',
        '-m',
        'Kling_2_1',
        '-d',
        '7s',
      ],
      { env: cli.env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('error: duration: Kling_2_1 supports 5s or 10s, not 7s');
    expect(cli.emulator.requests).toEqual([]);
  });
});

describe('kling-studio preset', { timeout: 120_000 }, () => {
  it('saves, lists, renders with --preset and --var, and deletes', async () => {
    const env = cli.env();
    const saved = await runCli(
      [
        'preset',
        'save',
        'Hero',
        '--prompt',
        'slow push-in on {subject}',
        '-m',
        'Kling_2_6',
        '-d',
        '10',
        '-b',
        '2',
      ],
      { env },
    );
    expect(saved.code, saved.stderr).toBe(0);
    const listed = await runCli(['preset', 'list', '--json'], { env });
    // `preset list --json` prints the presets as an array: they are few and never paged (unlike
    // `list --json`, which prints { total, items }).
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'Hero', model: 'Kling_2_6', duration: '10s', batchCount: 2 }),
    ]);

    const missing = await runCli(['generate', FIXTURES.pngImage, '--preset', 'Hero'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Fill in the variable {subject} of the prompt template');
    expect(cli.emulator.requests).toEqual([]);

    const run = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '--preset',
        'hero',
        '--var',
        'subject=the lighthouse',
        '--json',
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    const manifest = await cli.readManifest(result.id);
    expect(manifest?.request).toMatchObject({
      prompt: 'slow push-in on the lighthouse',
      model: 'Kling_2_6',
      duration: '10s',
      batchCount: 2,
    });

    // A --var the template has no place for (a typo, or a --prompt that replaced the template)
    // is refused, never dropped silently.
    const typo = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '--preset',
        'Hero',
        '--var',
        'subject=a',
        '--var',
        'mood=calm',
      ],
      { env },
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim()).toBe(
      'error: Preset "Hero" has no variable {mood} (its variables: {subject})',
    );
    const replaced = await runCli(
      ['generate', FIXTURES.pngImage, '--preset', 'Hero', '-p', 'wave', '--var', 'subject=a'],
      { env },
    );
    expect(replaced.code).toBe(2);
    expect(replaced.stderr).toContain("--var fills the preset's prompt template");
    expect(cli.startRequests()).toHaveLength(1);

    // --model replaces the preset's model; the preset's 10s stays when the new model has it.
    const otherModel = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '--preset',
        'Hero',
        '--var',
        'subject=a boat',
        '-m',
        'Kling_2_1',
        '--json',
      ],
      { env },
    );
    expect(otherModel.code, otherModel.stderr).toBe(0);
    const otherManifest = await cli.readManifest(JSON.parse(otherModel.stdout).id);
    expect(otherManifest?.request).toMatchObject({
      prompt: 'slow push-in on a boat',
      model: 'Kling_2_1',
      duration: '10s',
      batchCount: 2,
    });

    expect((await runCli(['preset', 'delete', 'Hero'], { env })).code).toBe(0);
    const gone = await runCli(['generate', FIXTURES.pngImage, '--preset', 'Hero'], { env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('No preset named "Hero"');
  });
});
