/**
 * Last frames (issue 20): `lastFrame` results on every agent, served like posters (and gone with
 * a failed execution or an expired link), and the last-frame-unsupported fault: a server that
 * refuses end frames, from the API and from `npm run emulator -- --last-frame-unsupported`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures';
import { emulatorPerTest } from './per-test';
import {
  type AnyStartBody,
  agentStartBody,
  apiFetch,
  fakeClock,
  rawRequest,
  waitUntil,
} from './testing';
import type { Emulator } from './types';

const start = emulatorPerTest();

/** What the requests below need: the CLI's emulator is reached by its printed base and key. */
type Api = Pick<Emulator, 'apiBase' | 'apiKey'>;

const IMG = ['https://cdn.example.test/first.jpg', 'https://cdn.example.test/last.jpg'];
const VIDEO = 'https://media.example.test/moves.mp4';
const text = { textDescription: 'walk to the window' };

const SAMPLES: Record<string, AnyStartBody> = {
  kling: agentStartBody('kling', { images: IMG, params: text }),
  'kling-v3-omni': agentStartBody('kling-v3-omni', { images: IMG, params: text }),
  'kling-O1': agentStartBody('kling-O1', {
    images: IMG,
    params: { ...text, modelName: 'Kling_Video_O1_I2V' },
  }),
  'kling-motion-control': agentStartBody('kling-motion-control', {
    images: IMG.slice(0, 1),
    video: VIDEO,
  }),
};

interface Result {
  status: string;
  video?: string;
  videoPoster?: string;
  lastFrame?: string;
}
interface Polled {
  data: { executions: { status: string; result: Result[] }[] };
}

async function post(emu: Api, body: unknown, path = '/agent/runs') {
  const response = await apiFetch(emu, path, { json: body });
  return {
    status: response.status,
    body: (await response.json()) as {
      data: { executionId: string };
      error: { code: number; message: string; retryable: boolean };
    },
  };
}

async function results(emu: Api, executionId: string): Promise<Result[]> {
  const polled = (await (await apiFetch(emu, `/agent/runs/${executionId}`)).json()) as Polled;
  return polled.data.executions.flatMap((execution) => execution.result);
}

/** MP4 files start with a size and an `ftyp` box. */
const isMp4 = (bytes: Buffer) => bytes.subarray(4, 8).toString('latin1') === 'ftyp';

describe('lastFrame results', () => {
  it.each(Object.keys(SAMPLES))(
    '%s: every result carries a real video and a lastFrame PNG the CDN serves without a key',
    async (agent) => {
      const clock = fakeClock();
      const emu = await start({ now: clock.now, lastFrames: true });
      const body = SAMPLES[agent] as AnyStartBody;
      const started = await post(emu, { ...body, params: { ...body.params, batchCount: 2 } });
      expect(started.status).toBe(200);
      clock.advance(10_000);
      const done = await results(emu, started.body.data.executionId);
      expect(done).toHaveLength(2);
      const png = await readFile(FIXTURES.largeVideoLastFrame);
      for (const result of done) {
        expect(new URL(result.lastFrame ?? '').origin).toBe(emu.cdnBase);
        const frame = await rawRequest(result.lastFrame ?? '');
        expect(frame.status).toBe(200);
        expect(frame.headers['content-type']).toBe('image/png');
        expect(frame.bytes.equals(png)).toBe(true);
        expect(isMp4((await rawRequest(result.video ?? '')).bytes)).toBe(true);
      }
      expect(
        emu.requests.filter((r) => r.origin === 'cdn').every((r) => !r.headers.authorization),
      ).toBe(true);
    },
  );

  it('a failed execution has no last frame on the CDN, like it has no video', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now, lastFrames: true, resultsPerExecution: 1 });
    emu.inject({ fault: { kind: 'mixed-executions', outcomes: ['Success', 'Failed'] } });
    const started = await post(emu, {
      ...SAMPLES.kling,
      params: { ...text, images: IMG, batchCount: 2 },
    });
    clock.advance(10_000);
    const [delivered] = await results(emu, started.body.data.executionId);
    expect((await rawRequest(delivered?.lastFrame ?? '')).status).toBe(200);
    const undelivered = (delivered?.lastFrame ?? '').replace(/\/0\.png$/, '/1.png');
    expect((await rawRequest(undelivered)).status).toBe(404);
  });

  it('an expired link takes the last frame with it; the next poll hands out one that works', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now, lastFrames: true });
    const started = await post(emu, SAMPLES['kling-v3-omni']);
    clock.advance(10_000);
    const [before] = await results(emu, started.body.data.executionId);
    emu.inject({ fault: { kind: 'expired-link', status: 410 } });
    expect((await rawRequest(before?.lastFrame ?? '')).status).toBe(410);
    const [after] = await results(emu, started.body.data.executionId);
    expect(after?.lastFrame).toMatch(/\?v=2$/);
    expect((await rawRequest(after?.lastFrame ?? '')).status).toBe(200);
  });
});

const REFUSAL = {
  code: 40000,
  message:
    'Last frame is not supported: params.images takes 1 image (the first frame); send the start without image 2',
  retryable: false,
};

describe('last-frame-unsupported fault', () => {
  it('refuses every start and estimate whose image 2 is a last frame, charging nothing; other bodies go through', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'last-frame-unsupported' } });
    for (const body of [SAMPLES.kling, SAMPLES['kling-O1'], SAMPLES.kling]) {
      for (const path of ['/agent/power-estimates', '/agent/runs']) {
        const answer = await post(emu, body, path);
        expect(answer.status, path).toBe(400);
        expect(answer.body.error, path).toEqual(REFUSAL);
      }
    }
    expect(emu.runCount()).toBe(0);
    expect(emu.powerBalance()).toBe(1_000_000);
    // One picture, references (Omni's image 2 is no last frame) and a character: all started.
    const firstFrameOnly = agentStartBody('kling', { images: IMG.slice(0, 1), params: text });
    for (const body of [
      firstFrameOnly,
      SAMPLES['kling-v3-omni'],
      SAMPLES['kling-motion-control'],
    ]) {
      expect((await post(emu, body)).status).toBe(200);
    }
    emu.clearFaults();
    expect((await post(emu, SAMPLES.kling)).status).toBe(200);
  });

  it('counts only the bodies it refuses against `times`, and follows `match`', async () => {
    const emu = await start();
    emu.inject({
      fault: { kind: 'last-frame-unsupported' },
      match: { method: 'POST', path: '/agent/runs' },
      times: 1,
    });
    // Not matched (an estimate), not a last frame, not valid: none of them uses the fault up.
    expect((await post(emu, SAMPLES.kling, '/agent/power-estimates')).status).toBe(200);
    expect(
      (await post(emu, agentStartBody('kling', { images: IMG.slice(0, 1), params: text }))).status,
    ).toBe(200);
    const master = await post(emu, {
      ...SAMPLES.kling,
      params: { ...SAMPLES.kling?.params, modelName: 'Kling_2_1_Master' },
    });
    expect(master.body.error.message).toMatch(
      /^the last frame \(image 2\) is not supported on Kling_2_1_Master/,
    );
    const refused = await post(emu, SAMPLES.kling);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual(REFUSAL);
    expect((await post(emu, SAMPLES.kling)).status).toBe(200);
  });
});

describe('npm run emulator flags', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child?.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
  });

  it('--last-frame-unsupported refuses last frames and --last-frames puts lastFrame in results', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--last-frame-unsupported', '--last-frames', '--key', 'cli-key'],
      {
        env: {
          ...process.env,
          EMULATOR_PENDING_MS: '0',
          EMULATOR_SEGMENTING_MS: '0',
          EMULATOR_RUNNING_MS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitUntil(() => /Ctrl-C/.test(output) || child?.exitCode !== null, 20_000);
    const apiBase = /WESHOP_API_BASE=(\S+)/.exec(output)?.[1];
    expect(apiBase, output).toBeDefined();
    expect(output).toContain('Last frames are refused');
    const emu: Api = { apiBase: apiBase as string, apiKey: 'cli-key' };

    const refused = await post(emu, SAMPLES.kling);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual(REFUSAL);
    const started = await post(
      emu,
      agentStartBody('kling', { images: IMG.slice(0, 1), params: text }),
    );
    expect(started.status).toBe(200);
    let done: Result[] = [];
    const deadline = Date.now() + 10_000;
    while (done.length === 0 && Date.now() < deadline) {
      done = await results(emu, started.body.data.executionId);
      if (done.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(done[0]?.lastFrame).toMatch(/\/lastframes\/.+\/0\.png$/);
  });
});
