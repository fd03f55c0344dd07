/**
 * `--ref-video render:<id>[#n]`: a render of the library as Motion Control's reference video.
 * Its WeShop link is asked (without the key) before anything is sent; an expired one is refused
 * with the reason, exit 2, nothing uploaded or started.
 */
import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-ref-video-');
const PNG = FIXTURES.pngImage;

async function renderOne(): Promise<RenderManifest> {
  const run = await runCli(['generate', PNG, '-p', 'a dancer spins', '--json'], { env: cli.env() });
  expect(run.code, run.stderr).toBe(0);
  return (await cli.readManifest(JSON.parse(run.stdout).id)) as RenderManifest;
}

describe('generate --ref-video render:<id>', { timeout: 180_000 }, () => {
  it("sends that render's WeShop video link as the reference video", async () => {
    const source = await renderOne();
    const link = source.videos[0]?.url as string;
    const run = await runCli(
      ['generate', PNG, '--agent', 'kling-motion-control', '--ref-video', `render:${source.id}`],
      { env: cli.env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const motion = cli.emulator.createdRuns().at(-1);
    expect(motion?.agent).toBe('kling-motion-control');
    const body = JSON.parse(motion?.body ?? '{}');
    expect(body.params.videos).toEqual([link]);
    expect(body.input.videos).toEqual([link]);
  });

  it('refuses an expired link before any request, saying so', async () => {
    const source = await renderOne();
    cli.emulator.inject({ fault: { kind: 'expired-link', status: 410 } });
    const startsBefore = cli.emulator.createdRuns().length;
    const run = await runCli(
      ['generate', PNG, '--agent', 'kling-motion-control', '--ref-video', `render:${source.id}#1`],
      { env: cli.env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/link has expired/);
    expect(cli.emulator.createdRuns()).toHaveLength(startsBefore);
  });

  it('refuses a render that is not in the library', async () => {
    const run = await runCli(
      ['estimate', PNG, '--agent', 'kling-motion-control', '--ref-video', 'render:nosuch-render'],
      { env: cli.env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nosuch-render/);
  });
});
