import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../engine/testing/harness';
import { diskError } from '../library/disk-errors';
import { manifestPath, renderDir } from '../library/layout';
import type { Library } from '../library/library';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { collectResults, printResults } from './output';

/*
 * The disk fills during a download and render.json cannot be written either: the render stays
 * "downloading" on disk. The CLI that drove it must still name the render, the cause and the
 * next step, count it as failed, and put that message in --json.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A library whose render.json writes fail with ENOSPC once a render is downloading. */
const fullWhileDownloading = (library: Library): Library => ({
  ...library,
  async update(id, mutate) {
    if ((await library.read(id))?.state === 'downloading') {
      const error = Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
      });
      throw diskError(error, manifestPath(library.home, id));
    }
    return library.update(id, mutate);
  },
});

function capture() {
  const out = { stdout: '', stderr: '' };
  const to = (stream: keyof typeof out) => (text: string) => {
    out[stream] += text;
    return true;
  };
  const io: CliIo = {
    env: {},
    cwd: '/',
    platform: 'linux',
    homedir: '/home/test',
    stdin: Readable.from([]),
    stdout: { write: to('stdout') },
    stderr: { write: to('stderr') },
    onInterrupt: () => () => undefined,
  };
  return { io, out };
}

describe('a render stopped by a disk error render.json could not record', () => {
  async function stoppedRender() {
    h = await createHarness();
    const library = fullWhileDownloading(h.library);
    const { engine } = await h.restart({ library });
    const queued = await engine.queue({
      image: '/pictures/cat.png',
      prompt: 'the disk fills up',
      batchCount: 1,
    });
    await engine.idle();
    const message = `The disk holding ${renderDir(h.home, queued.id)} is full: free space there, then run \`kling-studio resume\`.`;
    return { core: { library, engine }, id: queued.id, message };
  }

  it('is printed with its id, the cause and resume on stderr, and fails the command (exit 1)', async () => {
    const { core, id, message } = await stoppedRender();
    const { results, exitCode } = await collectResults(core, [id]);
    const { io, out } = capture();
    printResults(io, results);

    expect(exitCode).toBe(EXIT.failed);
    expect(out.stderr).toBe(`error: ${id} stopped while downloading: ${message}\n`);
    expect(out.stdout).toBe('');
  });

  it('--json carries the message for the render', async () => {
    const { core, id, message } = await stoppedRender();
    const { results } = await collectResults(core, [id]);
    expect(results).toEqual([
      {
        id,
        state: 'downloading',
        agent: 'kling',
        executionId: 'exec-1',
        batchCount: 1,
        videos: [],
        error: { kind: 'internal', message },
      },
    ]);
    const { io, out } = capture();
    printResults(io, results, { json: true });
    expect(out.stderr).toBe(`error: ${id} stopped while downloading: ${message}\n`);
  });
});
