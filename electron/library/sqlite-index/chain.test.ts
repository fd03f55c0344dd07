import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../../shared/job';
import { RenderRequest } from '../../../shared/render-request';
import { sequenceOf } from '../../../shared/sequence';
import { newManifest } from '../new-render';
import { CHAIN_SQL } from './chain';
import { ensureSchema } from './schema';
import { type Db, loadSqlite } from './sqlite';
import { createStore, type Store } from './store';

const request = RenderRequest.parse({ image: 'https://cdn.weshop.example/in.png', prompt: 'p' });
const T0 = Date.parse('2026-11-01T00:00:00.000Z');

/** A render made `minute` minutes after T0, continuing `from` when given. */
const render = (id: string, minute: number, from?: string): RenderManifest =>
  newManifest(id, request, new Date(T0 + minute * 60_000), {
    ...(from ? { continuedFrom: { id: from, videoIndex: 0 } } : {}),
  });

let db: Db;
let store: Store;
beforeEach(async () => {
  const Database = await loadSqlite();
  db = new Database(':memory:');
  ensureSchema(db);
  store = createStore(db);
});
afterEach(() => db.close());

const put = (...renders: RenderManifest[]) =>
  store.transaction(() => {
    for (const m of renders) store.put(m, 'test');
  });
const ids = (id: string) => store.sequenceOf(id).map((m) => m.id);

describe('the chain query (sequenceOf)', () => {
  // a → b → c → d; b2 forks from a after b; x continues a render that was deleted; y, z lone.
  const library = [
    render('0000a-aaaaaa', 1),
    render('0000b-bbbbbb', 20, '0000a-aaaaaa'),
    render('0000b-b2b2b2', 30, '0000a-aaaaaa'),
    render('0000c-cccccc', 200, '0000b-bbbbbb'),
    render('0000d-dddddd', 290, '0000c-cccccc'),
    render('0000x-xxxxxx', 100, '00gone-000000'),
    render('0000e-eeeeee', 300, '0000x-xxxxxx'),
    render('0000y-yyyyyy', 5),
    render('0000z-zzzzzz', 25),
  ];

  it('answers every render with its whole chain, oldest first, as sequenceOf over every render', () => {
    put(...library);
    for (const { id } of library) expect(ids(id)).toEqual(sequenceOf(id, library).map((m) => m.id));
    expect(ids('0000c-cccccc')).toEqual([
      '0000a-aaaaaa',
      '0000b-bbbbbb',
      '0000c-cccccc',
      '0000d-dddddd',
    ]);
    // The full manifests, as list gives them.
    expect(store.sequenceOf('0000d-dddddd')[0]).toEqual(library[0]);
  });

  it('follows the oldest continuation of a fork; a later branch is its own chain from the fork', () => {
    put(...library);
    expect(ids('0000a-aaaaaa')).toEqual([
      '0000a-aaaaaa',
      '0000b-bbbbbb',
      '0000c-cccccc',
      '0000d-dddddd',
    ]);
    expect(ids('0000b-b2b2b2')).toEqual(['0000a-aaaaaa', '0000b-b2b2b2']);
  });

  it('starts at a render whose ancestor is gone, and is empty for an unknown render', () => {
    put(...library);
    expect(ids('0000e-eeeeee')).toEqual(['0000x-xxxxxx', '0000e-eeeeee']);
    expect(ids('00gone-000000')).toEqual([]);
    // Its ancestor deleted now: the chain starts after it.
    store.remove('0000b-bbbbbb');
    expect(ids('0000d-dddddd')).toEqual(['0000c-cccccc', '0000d-dddddd']);
    expect(ids('0000a-aaaaaa')).toEqual(['0000a-aaaaaa', '0000b-b2b2b2']);
  });

  it('finds a chain longer than a page among many renders, from any of its links', () => {
    // Longer than a Library page (60) and than a page the walk over pages read (200).
    const length = 250;
    const chain = Array.from({ length }, (_, i) =>
      render(
        `c${String(i).padStart(5, '0')}-chain0`,
        i * 10,
        i ? `c${String(i - 1).padStart(5, '0')}-chain0` : undefined,
      ),
    );
    const others = Array.from({ length: 2_000 }, (_, i) =>
      render(`o${String(i).padStart(5, '0')}-other0`, i),
    );
    put(...others, ...chain);
    const all = chain.map((m) => m.id);
    for (const at of [0, 1, 137, length - 1]) expect(ids(all[at] as string)).toEqual(all);
  });

  it('stops at a loop in damaged data', () => {
    put(render('0000p-pppppp', 1, '0000q-qqqqqq'), render('0000q-qqqqqq', 2, '0000p-pppppp'));
    expect(ids('0000p-pppppp')).toEqual(['0000q-qqqqqq', '0000p-pppppp']);
    expect(ids('0000q-qqqqqq')).toEqual(['0000p-pppppp', '0000q-qqqqqq']);
  });

  it('reads only the chain: each step is an index look-up, never a scan of the renders', () => {
    put(...library);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${CHAIN_SQL}`).all({ id: '0000a-aaaaaa' }) as {
      detail: string;
    }[];
    const scans = plan.map((row) => row.detail).filter((d) => /^SCAN (r|n|c|m|renders)\b/.test(d));
    expect(scans).toEqual([]);
    expect(plan.map((row) => row.detail).join('\n')).toMatch(
      /USING (COVERING )?INDEX renders_continued/,
    );
  });
});
