import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBatchFile } from './batch-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kling-batch-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('readBatchFile', () => {
  it('reads CSV cells into typed request fields, resolving images against the file', async () => {
    const path = await write(
      'jobs.csv',
      'image,prompt,model,duration,audio,batch\n' +
        'cat.png,"pan left, slowly",Kling_2_6,10,yes,3\n' +
        '/abs/dog.jpg,zoom,,,,\n',
    );
    expect(await readBatchFile(path)).toEqual([
      {
        row: 1,
        input: {
          image: join(dir, 'cat.png'),
          prompt: 'pan left, slowly',
          model: 'Kling_2_6',
          duration: '10s',
          generateAudio: true,
          batchCount: 3,
        },
      },
      { row: 2, input: { image: '/abs/dog.jpg', prompt: 'zoom' } },
    ]);
  });

  it('passes odd CSV values through so validation can name them', async () => {
    const path = await write('odd.csv', 'image,prompt,audio,batch\na.png,p,maybe,two\n');
    const [row] = await readBatchFile(path);
    expect(row?.input).toMatchObject({ generateAudio: 'maybe', batchCount: 'two' });
  });

  it('reports a CSV row with the wrong number of fields as a row problem', async () => {
    const path = await write('bad.csv', 'image,prompt\na.png,pan, left\nb.png,ok\n');
    const rows = await readBatchFile(path);
    expect(rows[0]).toMatchObject({ row: 1, input: null });
    expect(rows[0]?.problem).toContain('3 fields');
    expect(rows[1]).toMatchObject({ row: 2, input: { prompt: 'ok' } });
  });

  it('refuses unknown CSV columns and a header without image or prompt', async () => {
    await expect(readBatchFile(await write('u.csv', 'image,prompt,colour\n'))).rejects.toThrow(
      'Unknown CSV column "colour"',
    );
    await expect(readBatchFile(await write('m.csv', 'image,model\n'))).rejects.toThrow(
      'no prompt column',
    );
  });

  it('reads a JSON array, resolving relative images and leaving URLs alone', async () => {
    const path = await write(
      'jobs.json',
      JSON.stringify([
        { image: 'sub/a.png', prompt: 'p', batchCount: 2 },
        { image: 'https://cdn.example.com/b.png', prompt: 'q' },
        'not an object',
      ]),
    );
    const rows = await readBatchFile(path);
    expect(rows[0]).toEqual({
      row: 1,
      input: { image: join(dir, 'sub', 'a.png'), prompt: 'p', batchCount: 2 },
    });
    expect(rows[1]?.input?.image).toBe('https://cdn.example.com/b.png');
    expect(rows[2]).toMatchObject({ row: 3, input: null });
  });

  it('reads the Kling family columns: agent, image2–4, end-frame, ref-video, aspect; no image is text only', async () => {
    const path = await write(
      'family.csv',
      'agent,image,image2,image3,image4,end-frame,ref-video,aspect,prompt\n' +
        'kling-v3-omni,a.png,b.png,https://cdn.example.com/c.png,,,,9:16,image 1 meets image 2\n' +
        'kling,first.png,,,,last.png,,,open the door\n' +
        'kling-motion-control,me.png,,,,,https://v.example.com/dance.mp4,,\n' +
        'kling-v3-omni,,,,,,,1:1,text only\n',
    );
    expect(await readBatchFile(path)).toEqual([
      {
        row: 1,
        input: {
          agent: 'kling-v3-omni',
          image: join(dir, 'a.png'),
          moreImages: [join(dir, 'b.png'), 'https://cdn.example.com/c.png'],
          aspectRatio: '9:16',
          prompt: 'image 1 meets image 2',
        },
      },
      {
        row: 2,
        input: {
          agent: 'kling',
          image: join(dir, 'first.png'),
          endFrame: join(dir, 'last.png'),
          prompt: 'open the door',
        },
      },
      {
        row: 3,
        input: {
          agent: 'kling-motion-control',
          image: join(dir, 'me.png'),
          referenceVideo: 'https://v.example.com/dance.mp4',
          prompt: '',
        },
      },
      { row: 4, input: { agent: 'kling-v3-omni', aspectRatio: '1:1', prompt: 'text only' } },
    ]);
  });

  it('resolves every picture of a JSON row (end frame, references) against the file', async () => {
    const path = await write(
      'family.json',
      JSON.stringify([
        { agent: 'kling-O1', image: 'a.png', moreImages: ['b.png', 'https://x.example/c.png'] },
        { image: 'a.png', endFrame: 'sub/z.png', prompt: 'p' },
      ]),
    );
    const rows = await readBatchFile(path);
    expect(rows[0]?.input?.moreImages).toEqual([join(dir, 'b.png'), 'https://x.example/c.png']);
    expect(rows[1]?.input?.endFrame).toBe(join(dir, 'sub', 'z.png'));
  });

  it('refuses JSON that is not an array, and other file types', async () => {
    await expect(readBatchFile(await write('o.json', '{"image":"a"}'))).rejects.toThrow(
      'must be an array',
    );
    await expect(readBatchFile(await write('x.json', '[{'))).rejects.toThrow('not valid JSON');
    await expect(readBatchFile(await write('jobs.txt', ''))).rejects.toThrow('.json or .csv');
    await expect(readBatchFile(join(dir, 'missing.csv'))).rejects.toThrow('not found');
  });
});
