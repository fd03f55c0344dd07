/**
 * The CLI drives every agent of the Kling family against the emulator: the exact body WeShop
 * gets per agent (byte for byte, each picture where it belongs), the videos in the library,
 * `estimate` per agent, and everything an agent does not take refused before any request.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from '../../electron/images/testing/pictures';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import type { AcceptedRun } from '../emulator/types';
import { manifestsOnDisk, runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-agents-');

const PNG = FIXTURES.pngImage;
const JPG = FIXTURES.jpegImage;
const VIDEO = 'https://videos.example.com/dance.mp4';

/** A third picture, unlike the fixtures (so each reference's place can be told by its bytes). */
async function thirdPicture(): Promise<string> {
  const path = join(cli.home, 'third.png');
  await writeFile(path, makePng(360, 480));
  return path;
}

/** The one run the emulator created, with its raw body. */
function onlyRun(): AcceptedRun {
  const runs = cli.emulator.createdRuns();
  expect(runs).toHaveLength(1);
  return runs[0] as AcceptedRun;
}

/** params.images, each checked to hold the bytes of the file expected at that place. */
async function uploadedAs(run: AcceptedRun, files: readonly string[]): Promise<string[]> {
  const images = (JSON.parse(run.body).params.images ?? []) as string[];
  expect(images).toHaveLength(files.length);
  for (const [i, url] of images.entries()) {
    const served = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(served.equals(await readFile(files[i] as string)), `image ${i + 1}: ${url}`).toBe(true);
  }
  return images;
}

/** The render's videos are on disk, byte-equal to what the CDN served. */
async function expectVideosInLibrary(result: { id: string; videos: string[] }, count: number) {
  const manifest = (await cli.readManifest(result.id)) as RenderManifest;
  expect(manifest.state).toBe('done');
  expect(result.videos).toHaveLength(count);
  for (const [i, video] of manifest.videos.entries()) {
    const onDisk = await readFile(result.videos[i] as string);
    expect(onDisk.equals(await cli.emulator.videoBytes(video.url))).toBe(true);
  }
  return manifest;
}

const generate = async (args: string[]) => {
  const run = await runCli(['generate', ...args, '--json'], { env: cli.env() });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

// Each test spawns the real CLI (tsx start-up is seconds on a busy machine).
describe('kling-studio generate on every Kling agent', { timeout: 120_000 }, () => {
  it('kling with an end frame: first and last frame are params.images 1 and 2, exactly as sent', async () => {
    const prompt = 'the sun sets behind the hill';
    const result = await generate([PNG, '--end-frame', JPG, '-p', prompt, '-m', 'Kling_2_6']);
    expect(result).toMatchObject({ state: 'done', agent: 'kling', endFrame: JPG });
    const run = onlyRun();
    expect(run.agent).toBe('kling');
    const [first, last] = await uploadedAs(run, [PNG, JPG]);
    expect(run.body).toBe(
      JSON.stringify({
        agent: { name: 'kling', version: 'v1.0' },
        input: {
          images: [first, last],
          originalImage: first,
          taskName: `Kling Studio · ${prompt} · ${result.id}`,
        },
        params: {
          images: [first, last],
          textDescription: prompt,
          modelName: 'Kling_2_6',
          duration: '5s',
          generateAudio: 'false',
          batchCount: 1,
        },
      }),
    );
    await expectVideosInLibrary(result, 1);
    const shown = await runCli(['show', result.id], { env: cli.env() });
    expect(shown.stdout).toContain('agent    kling (Kling: First frame to video)');
    expect(shown.stdout).toContain(`picture  ${PNG} (first frame)`);
    expect(shown.stdout).toContain(`picture  ${JPG} (end frame)`);
  });

  it('Kling 3.0 Omni: IMAGE 1–3 are references in order, the video in params and input, audio, no aspect with a video', async () => {
    const third = await thirdPicture();
    const prompt = 'image 1 dances with image 2 in the room of image 3';
    const result = await generate([
      PNG,
      JPG,
      third,
      '--agent',
      'kling-v3-omni',
      '--ref-video',
      VIDEO,
      '-p',
      prompt,
      '-d',
      '7',
      '--audio',
    ]);
    expect(result).toMatchObject({ state: 'done', agent: 'kling-v3-omni', referenceVideo: VIDEO });
    expect(result.aspectRatio).toBeUndefined();
    const run = onlyRun();
    expect(run.agent).toBe('kling-v3-omni');
    const images = await uploadedAs(run, [PNG, JPG, third]);
    expect(run.body).toBe(
      JSON.stringify({
        agent: { name: 'kling-v3-omni', version: 'v1.0' },
        input: {
          images,
          originalImage: images[0],
          videos: [VIDEO],
          taskName: `Kling Studio · ${prompt.slice(0, 39).trimEnd()}… · ${result.id}`,
        },
        params: {
          images,
          videos: [VIDEO],
          textDescription: prompt,
          modelName: 'Kling_V3_Omni',
          duration: '7s',
          generateAudio: 'true',
          batchCount: 1,
        },
      }),
    );
    await expectVideosInLibrary(result, 1);
    const listed = JSON.parse((await runCli(['list', '--json'], { env: cli.env() })).stdout).items;
    expect(listed[0]).toMatchObject({
      agent: 'kling-v3-omni',
      model: 'Kling_V3_Omni',
      referenceVideo: VIDEO,
      images: [
        { role: 'image 1', path: PNG },
        { role: 'image 2', path: JPG },
        { role: 'image 3', path: third },
      ],
    });
    const shown = await runCli(['show', result.id], { env: cli.env() });
    expect(shown.stdout).toContain(`picture  ${third} (image 3)`);
    expect(shown.stdout).toContain(`video    ${VIDEO} (reference video)`);
  });

  it('Kling 3.0 Omni from text alone in 9:16: no picture fields at all', async () => {
    const prompt = 'a paper boat on a rainy street';
    const result = await generate(['--agent', 'kling-v3-omni', '-p', prompt, '--aspect', '9:16']);
    expect(result).toMatchObject({ state: 'done', agent: 'kling-v3-omni', aspectRatio: '9:16' });
    expect(onlyRun().body).toBe(
      JSON.stringify({
        agent: { name: 'kling-v3-omni', version: 'v1.0' },
        input: { taskName: `Kling Studio · ${prompt} · ${result.id}` },
        params: {
          textDescription: prompt,
          modelName: 'Kling_V3_Omni',
          duration: '5s',
          aspectRatio: '9:16',
          generateAudio: 'false',
          batchCount: 1,
        },
      }),
    );
    // Nothing was uploaded for a text-only render.
    expect(cli.posts('/agent/assets/images')).toEqual([]);
    await expectVideosInLibrary(result, 1);
  });

  it('Kling O1 reference mode (the default): a reference and an aspect ratio, no audio field', async () => {
    const prompt = 'image 1 walks into the frame';
    const result = await generate([PNG, '--agent', 'kling-O1', '-p', prompt, '--aspect', '1:1']);
    expect(result).toMatchObject({ state: 'done', agent: 'kling-O1', aspectRatio: '1:1' });
    const [ref] = await uploadedAs(onlyRun(), [PNG]);
    expect(onlyRun().body).toBe(
      JSON.stringify({
        agent: { name: 'kling-O1', version: 'v1.0' },
        input: {
          images: [ref],
          originalImage: ref,
          taskName: `Kling Studio · ${prompt} · ${result.id}`,
        },
        params: {
          images: [ref],
          textDescription: prompt,
          modelName: 'Kling_Video_O1_Ele',
          duration: '5s',
          aspectRatio: '1:1',
          batchCount: 1,
        },
      }),
    );
    await expectVideosInLibrary(result, 1);
  });

  it('Kling O1 image to video: first frame and end frame, 3s, batch 2', async () => {
    const prompt = 'the door opens';
    const result = await generate([
      JPG,
      '--agent',
      'kling-O1',
      '-m',
      'Kling_Video_O1_I2V',
      '--end-frame',
      PNG,
      '-p',
      prompt,
      '-d',
      '3s',
      '-b',
      '2',
    ]);
    expect(result).toMatchObject({ state: 'done', agent: 'kling-O1', endFrame: PNG });
    const [first, last] = await uploadedAs(onlyRun(), [JPG, PNG]);
    expect(onlyRun().body).toBe(
      JSON.stringify({
        agent: { name: 'kling-O1', version: 'v1.0' },
        input: {
          images: [first, last],
          originalImage: first,
          taskName: `Kling Studio · ${prompt} · ${result.id}`,
        },
        params: {
          images: [first, last],
          textDescription: prompt,
          modelName: 'Kling_Video_O1_I2V',
          duration: '3s',
          batchCount: 2,
        },
      }),
    );
    await expectVideosInLibrary(result, 2);
    const shown = await runCli(['show', result.id], { env: cli.env() });
    expect(shown.stdout).toContain('agent    kling-O1 (Kling O1: First frame to video)');
    expect(shown.stdout).toContain(`picture  ${PNG} (end frame)`);
  });

  it('Motion Control: the character and a loopback video (the API is loopback too), no prompt, no model, duration or aspect', async () => {
    const video = `${cli.emulator.cdnBase}/moves/dance.mp4`;
    const result = await generate([PNG, '--agent', 'kling-motion-control', '--ref-video', video]);
    expect(result).toMatchObject({
      state: 'done',
      agent: 'kling-motion-control',
      referenceVideo: video,
    });
    const [character] = await uploadedAs(onlyRun(), [PNG]);
    expect(onlyRun().body).toBe(
      JSON.stringify({
        agent: { name: 'kling-motion-control', version: 'v1.0' },
        input: {
          images: [character],
          originalImage: character,
          videos: [video],
          taskName: `Kling Studio · ${result.id}`,
        },
        params: { images: [character], videos: [video], batchCount: 1 },
      }),
    );
    await expectVideosInLibrary(result, 1);
    const shown = await runCli(['show', result.id], { env: cli.env() });
    expect(shown.stdout).toContain(`picture  ${PNG} (character)`);
    expect(shown.stdout).toContain(`video    ${video} (reference video)`);
    expect(shown.stdout).toContain('model    Kling_Motion_Control, length of the reference video');
  });

  it('a set on Omni: two prompts from text alone in 9:16, each render on kling-v3-omni', async () => {
    const run = await runCli(
      [
        'generate',
        '--agent',
        'kling-v3-omni',
        '-p',
        'a kite',
        '-p',
        'a boat',
        '--aspect',
        '9:16',
        '--json',
      ],
      { env: cli.env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.renders.map((r: { agent: string }) => r.agent)).toEqual([
      'kling-v3-omni',
      'kling-v3-omni',
    ]);
    const sent = cli.emulator.createdRuns().map((r) => JSON.parse(r.body ?? '{}').params);
    expect(sent.map((p) => [p.textDescription, p.aspectRatio, p.modelName]).sort()).toEqual([
      ['a boat', '9:16', 'Kling_V3_Omni'],
      ['a kite', '9:16', 'Kling_V3_Omni'],
    ]);
  });

  it('a set whose end frame one model cannot take is refused whole, before any request', async () => {
    const run = await runCli(
      ['generate', PNG, '--end-frame', JPG, '-p', 'x', '-m', 'Kling_3_0', '-m', 'Kling_V3_Omni'],
      { env: cli.env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--end-frame: Kling 3.0 Omni takes no end frame');
    expect(run.stderr).toContain('kling-v3-omni (Kling_V3_Omni, Text or references) takes:');
    expect(cli.emulator.requests).toEqual([]);
  });

  it('batch: a CSV with the family columns renders each row on its agent', async () => {
    const file = join(cli.home, 'family.csv');
    await writeFile(
      file,
      `agent,image,ref-video,aspect,prompt\nkling-v3-omni,,,9:16,text only\nkling-motion-control,${PNG},${VIDEO},,\n`,
    );
    const run = await runCli(['batch', file, '--json'], { env: cli.env() });
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout);
    expect(results.map((r: { agent: string }) => r.agent)).toEqual([
      'kling-v3-omni',
      'kling-motion-control',
    ]);
    const byAgent = new Map(
      cli.emulator.createdRuns().map((r) => [r.agent, JSON.parse(r.body ?? '{}').params]),
    );
    expect(byAgent.get('kling-v3-omni')).toMatchObject({ aspectRatio: '9:16' });
    expect(byAgent.get('kling-v3-omni').images).toBeUndefined();
    expect(byAgent.get('kling-motion-control')).toEqual({
      images: [expect.any(String)],
      videos: [VIDEO],
      batchCount: 1,
    });
  });

  it('a refused last frame (a server that does not take one) ends in a clear message, nothing charged', async () => {
    cli.emulator.inject({ fault: { kind: 'last-frame-unsupported' } });
    const run = await runCli(['generate', PNG, '--end-frame', JPG, '-p', 'x', '--json'], {
      env: cli.env(),
    });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ state: 'failed', agent: 'kling', endFrame: JPG });
    expect(result.error.message).toContain('WeShop refused the end frame');
    expect(result.error.message).toContain('without --end-frame in the CLI');
    expect(run.stderr).toMatch(/^error: .* failed: WeShop refused the end frame/m);
    expect(cli.emulator.createdRuns()).toEqual([]);
    expect(cli.emulator.powerBalance()).toBe(1_000_000);
  });
});

describe('kling-studio estimate on every Kling agent', { timeout: 120_000 }, () => {
  const cases: [string, string[], number][] = [
    ['kling with an end frame', [PNG, '--end-frame', JPG, '-p', 'x'], 20],
    ['Omni text only, with audio', ['--agent', 'kling-v3-omni', '-p', 'x', '--audio'], 45],
    ['O1 references', [PNG, JPG, '--agent', 'kling-O1', '-p', 'x'], 20],
    [
      'O1 image to video, 3s',
      [PNG, '--agent', 'kling-O1', '-m', 'Kling_Video_O1_I2V', '-d', '3', '-p', 'x'],
      12,
    ],
    [
      'Motion Control, batch 4',
      [PNG, '--agent', 'kling-motion-control', '--ref-video', VIDEO, '-b', '4'],
      120,
    ],
  ];
  it.each(cases)('%s', async (_name, args, credits) => {
    const run = await runCli(['estimate', ...args, '--json'], { env: cli.env() });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ credits });
    const [asked] = cli.posts('/agent/power-estimates');
    const agent = args.includes('--agent') ? args[args.indexOf('--agent') + 1] : 'kling';
    expect(JSON.parse(asked?.body ?? '{}').agent).toEqual({ name: agent, version: 'v1.0' });
    expect(cli.startRequests()).toEqual([]);
  });
});

describe('what an agent does not take is refused before any request (exit 2)', {
  timeout: 120_000,
}, () => {
  const OMNI_TAKES =
    'kling-v3-omni (Kling_V3_Omni, Text or references) takes: 0–4 IMAGE (reference images';
  const cases: [string, () => Promise<string[]>, string[]][] = [
    [
      'two IMAGE on kling',
      async () => [PNG, JPG, '-p', 'x'],
      [
        'kling (Kling_3_0, First frame to video) takes 1 IMAGE (the first frame), not 2 IMAGE arguments',
        '--end-frame PATH',
      ],
    ],
    [
      'five IMAGE on Omni',
      async () => [PNG, JPG, PNG, JPG, PNG, '--agent', 'kling-v3-omni', '-p', 'x'],
      ['kling-v3-omni (Kling_V3_Omni, Text or references) takes 0–4 IMAGE', 'not 5 IMAGE'],
    ],
    [
      'no IMAGE on kling',
      async () => ['-p', 'x'],
      ['takes 1 IMAGE (the first frame), not 0', '--agent kling-v3-omni or --agent kling-O1'],
    ],
    [
      'two IMAGE on O1 image to video',
      async () => [PNG, JPG, '--agent', 'kling-O1', '-m', 'Kling_Video_O1_I2V', '-p', 'x'],
      ['kling-O1 (Kling_Video_O1_I2V, First frame to video) takes 1 IMAGE', '--end-frame PATH'],
    ],
    [
      'Motion Control without its character',
      async () => ['--agent', 'kling-motion-control', '--ref-video', VIDEO],
      ['kling-motion-control takes 1 IMAGE (the character), not 0'],
    ],
    [
      'Motion Control without a reference video',
      async () => [PNG, '--agent', 'kling-motion-control'],
      [
        '--ref-video: Motion Control needs a reference video',
        'kling-motion-control takes: 1 IMAGE (the character), --ref-video (required)',
      ],
    ],
    [
      'an end frame on Kling 2.1 Master',
      async () => [PNG, '--end-frame', JPG, '-m', 'Kling_2_1_Master', '-p', 'x'],
      ['--end-frame: Kling 2.1 Master cannot end on a chosen frame'],
    ],
    [
      'an end frame on Omni',
      async () => [PNG, '--end-frame', JPG, '--agent', 'kling-v3-omni', '-p', 'x'],
      ['--end-frame: Kling 3.0 Omni takes no end frame', OMNI_TAKES],
    ],
    [
      'a reference video on kling',
      async () => [PNG, '--ref-video', VIDEO, '-p', 'x'],
      ['--ref-video: Kling 3.0 takes no reference video'],
    ],
    [
      'a reference video on O1 image to video',
      async () => [
        PNG,
        '--agent',
        'kling-O1',
        '-m',
        'Kling_Video_O1_I2V',
        '--ref-video',
        VIDEO,
        '-p',
        'x',
      ],
      ['--ref-video: Kling O1 · First frame to video takes no reference video'],
    ],
    [
      'an aspect ratio on kling',
      async () => [PNG, '--aspect', '9:16', '-p', 'x'],
      ['--aspect: Kling 3.0 takes no aspect ratio'],
    ],
    [
      'an aspect ratio with a reference video',
      async () => ['--agent', 'kling-v3-omni', '--ref-video', VIDEO, '--aspect', '1:1', '-p', 'x'],
      ["follows the reference video's aspect ratio", OMNI_TAKES],
    ],
    [
      'an aspect ratio no model has',
      async () => ['--agent', 'kling-v3-omni', '--aspect', '4:3', '-p', 'x'],
      ['--aspect: "4:3" is not an aspect ratio; choose 16:9, 9:16 or 1:1'],
    ],
    [
      'audio on Kling O1',
      async () => [PNG, '--agent', 'kling-O1', '--audio', '-p', 'x'],
      ['Kling_Video_O1_Ele cannot generate audio'],
    ],
    [
      'a duration past O1',
      async () => ['--agent', 'kling-O1', '-d', '12', '-p', 'x'],
      ['Kling_Video_O1_Ele supports 3s to 10s, not 12s'],
    ],
    [
      'a model of another agent',
      async () => [PNG, '--agent', 'kling-O1', '-m', 'Kling_3_0', '-p', 'x'],
      [
        '--model: Kling_3_0 is not a model of kling-O1 (its models: Kling_Video_O1_Ele or Kling_Video_O1_I2V)',
      ],
    ],
    [
      'an unknown model',
      async () => [PNG, '-m', 'Kling_9', '-p', 'x'],
      [
        '--model: unknown model "Kling_9"; the models are kling: Kling_3_0',
        'kling-O1: Kling_Video_O1_Ele, Kling_Video_O1_I2V',
      ],
    ],
    [
      'an unknown agent',
      async () => [PNG, '--agent', 'kling-v4', '-p', 'x'],
      [
        '--agent: unknown agent "kling-v4"; choose kling, kling-v3-omni, kling-O1 or kling-motion-control',
      ],
    ],
    [
      'an end frame that is not a picture',
      async () => {
        const path = join(cli.home, 'notes.png');
        await writeFile(path, 'plain text pretending to be a png');
        return [PNG, '--end-frame', path, '-p', 'x'];
      },
      ['end frame: ', 'Not an image'],
    ],
    [
      'a missing reference image 3',
      async () => [PNG, JPG, join(cli.home, 'gone.png'), '--agent', 'kling-v3-omni', '-p', 'x'],
      ['image 3: Image not found'],
    ],
    [
      'a reference video that is not https',
      async () => [PNG, '--agent', 'kling-motion-control', '--ref-video', 'ftp://x.example/a.mp4'],
      ['--ref-video: Reference video: the URL must use https'],
    ],
  ];
  it.each(cases)('generate: %s', async (_name, args, messages) => {
    const run = await runCli(['generate', ...(await args()), '--json'], { env: cli.env() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    for (const message of messages) expect(lines[0]).toContain(message);
    expect(cli.emulator.requests).toEqual([]);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);
  });

  // estimate checks the same way (a sample: the checks are shared).
  it.each(
    cases.filter(([name]) => /five IMAGE|Master|not https|not a picture|unknown model/.test(name)),
  )('estimate: %s', async (_name, args, messages) => {
    const run = await runCli(['estimate', ...(await args()), '--json'], { env: cli.env() });
    expect(run.code, run.stderr).toBe(2);
    for (const message of messages) expect(run.stderr).toContain(message);
    expect(cli.emulator.requests).toEqual([]);
  });

  it('a loopback http reference video when the API is WeShop itself (generate and estimate)', async () => {
    const env = cli.env();
    delete env.WESHOP_API_BASE;
    const video = `${cli.emulator.cdnBase}/moves/dance.mp4`;
    for (const command of ['generate', 'estimate']) {
      const run = await runCli(
        [command, PNG, '--agent', 'kling-motion-control', '--ref-video', video],
        { env },
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trim()).toBe(
        `error: Reference video: ${video} is on this computer, which WeShop cannot reach. Use the video's https URL (for a render in your library: its WeShop video link).`,
      );
    }
    expect(cli.emulator.requests).toEqual([]);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);
  });

  it('help lists the agents, their models and what each takes (from the catalogue)', async () => {
    const help = await runCli(['generate', '--help'], { env: cli.env() });
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      '--agent <agent> WeShop Kling agent: kling (default), kling-v3-omni, kling-O1, kling-motion-control',
    );
    expect(text).toContain('kling-O1: Kling_Video_O1_Ele, Kling_Video_O1_I2V');
    expect(text).toContain('--audio generate audio (only Kling_3_0, Kling_2_6 or Kling_V3_Omni)');
    expect(text).toContain('--end-frame <path>');
    expect(text).toContain('Kling_2_1 or Kling_Video_O1_I2V)');
    expect(text).toContain('required on kling-motion-control');
    expect(text).toContain(
      '--model Kling_Video_O1_I2V (First frame to video): 1 IMAGE (the first frame), --end-frame (optional), --duration 3s to 10s',
    );
    expect(text).not.toContain('Kling_3_0 and Kling_2_6 only');
    const estimateHelp = await runCli(['estimate', '--help'], { env: cli.env() });
    expect(estimateHelp.stdout.replace(/\s+/g, ' ')).toContain('--ref-video <url>');
  });
});
