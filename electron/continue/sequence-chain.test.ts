import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { sequenceOf } from '../../shared/sequence';
import { createLibrary, type Library } from '../library/library';
import { makeTempHome, manualClock } from '../library/testing';
import { readSequence } from './sequence-chain';

let library: Library;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const temp = await makeTempHome();
  cleanup = temp.remove;
  const clock = manualClock();
  library = createLibrary({
    home: temp.home,
    now: () => {
      clock.advance(60_000);
      return clock.now();
    },
  });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

describe('readSequence', () => {
  it('is the chain sequenceOf finds among every render, from the library’s index', async () => {
    const request = { image: 'https://cdn.weshop.example/in.png', prompt: 'p' };
    const made: RenderManifest[] = [];
    const make = async (from?: RenderManifest) => {
      const m = await library.create(
        request,
        from ? { continuedFrom: { id: from.id, videoIndex: 0 } } : {},
      );
      made.push(m);
      return m;
    };
    // a → b → c, a fork b2 of a, and unrelated renders between.
    const a = await make();
    await make();
    const b = await make(a);
    await make(a);
    await make();
    await make(await make(b));
    for (const { id } of [...made, { id: 'nope-000000' }])
      expect((await readSequence(library, id)).map((m) => m.id)).toEqual(
        sequenceOf(id, made).map((m) => m.id),
      );
    expect(await readSequence(library, 'nope-000000')).toEqual([]);
  });
});
