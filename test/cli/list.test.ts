import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import { runCli, tempDir } from './helpers';

// `list` pages and filters through the library's index: renders made by the library itself
// (no WeShop needed), listed by the real CLI process.
let dir: Awaited<ReturnType<typeof tempDir>>;
let env: Record<string, string>;
const ids: string[] = [];

beforeAll(async () => {
  dir = await tempDir('kling-cli-list-');
  const home = join(dir.path, 'library');
  env = { HOME: dir.path, KLING_STUDIO_HOME: home };
  let ms = Date.parse('2026-01-01T10:00:00.000Z');
  const library = createLibrary({
    home,
    now: () => {
      ms += 60_000;
      return new Date(ms);
    },
  });
  for (let i = 0; i < 7; i++) {
    const prompt = i % 3 === 0 ? `the harbour at dawn ${i}` : `a cat ${i}`;
    const m = await library.create({ image: '/pictures/cat.png', prompt });
    if (i % 2 === 0) await library.update(m.id, (d) => void Object.assign(d, { state: 'done' }));
    ids.push(m.id);
  }
  await library.close();
}, 60_000);
afterAll(() => dir.remove());

const listJson = async (...args: string[]) => {
  const run = await runCli(['list', '--json', ...args], { env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { total: number; items: { id: string; state: string }[] };
};

describe('kling-studio list', { timeout: 60_000 }, () => {
  it('pages newest first with --limit and --offset, and says the total', async () => {
    const first = await listJson('--limit', '3');
    expect(first.total).toBe(7);
    expect(first.items.map((m) => m.id)).toEqual(ids.slice(-3).reverse());
    const next = await listJson('--limit', '3', '--offset', '3');
    expect(next.items.map((m) => m.id)).toEqual(ids.slice(1, 4).reverse());
  });

  it('filters by --search (any case), --state, --agent and --model', async () => {
    expect((await listJson('--search', 'HARBOUR')).items.map((m) => m.id)).toEqual([
      ids[6],
      ids[3],
      ids[0],
    ]);
    const done = await listJson('--state', 'done');
    expect(done.total).toBe(4);
    expect(done.items.every((m) => m.state === 'done')).toBe(true);
    expect((await listJson('--agent', 'kling-O1')).total).toBe(0);
    expect((await listJson('--model', 'Kling_3_0', '--search', 'cat')).total).toBe(4);
  });

  it('prints a table of one page with where the next page starts', async () => {
    const run = await runCli(['list', '--limit', '2'], { env });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(4); // header, 2 rows, the footer
    expect(lines[3]).toBe('1–2 of 7 renders (next page: --offset 2)');
  });

  it('refuses a bad flag, naming it, before anything else', async () => {
    const run = await runCli(['list', '--limit', 'lots'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--limit takes a whole number (got "lots")');
    const state = await runCli(['list', '--state', 'finished'], { env });
    expect(state.code).toBe(2);
    expect(state.stderr).toContain('needs-attention');
  });
});
