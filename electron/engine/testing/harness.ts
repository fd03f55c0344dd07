import { createHash } from 'node:crypto';
import type { JobState, RenderManifest } from '../../../shared/job';
import { createLibrary, type Library } from '../../library/library';
import { makeTempHome } from '../../library/testing';
import { createUploadCache } from '../../library/upload-cache';
import { createEngine } from '../engine';
import { createImageUploads, type ExaminedImage } from '../image-uploads';
import type { Engine, EngineDeps } from '../types';
import { startTestCdn, type TestCdn, testBytes } from './cdn-server';
import { createFakeWeShop, type FakeWeShop } from './fake-weshop';
import { createVirtualClock, type VirtualClock } from './virtual-clock';

/** Bytes the test CDN serves for video `index` of run `executionId`. */
export const videoBytesFor = (executionId: string, index: number) =>
  testBytes(30_000 + index * 1_000, executionId.length * 31 + index + 1);

export interface Harness {
  home: string;
  clock: VirtualClock;
  cdn: TestCdn;
  fake: FakeWeShop;
  library: Library;
  engine: Engine;
  /** Every job:update, in order. */
  updates: RenderManifest[];
  /** The distinct consecutive states one job went through, from events. */
  statesOf(id: string): JobState[];
  /** A second engine + library on the same home (a restart), sharing clock, fake and CDN. */
  restart(deps?: Partial<EngineDeps>): Promise<{ library: Library; engine: Engine }>;
  close(): Promise<void>;
}

/**
 * Engine tests name images that do not exist ('/pictures/cat.png'): their "content" is the
 * path, so one path is one picture (the real checks and hashing are tested in image-uploads).
 */
export const fakeExamine = async (path: string): Promise<ExaminedImage> => ({
  sha256: createHash('sha256').update(path).digest('hex'),
  bytes: 1_000,
  format: 'png',
});

/** One library home, a virtual clock, a fake WeShop whose videos live on a loopback CDN. */
export async function createHarness(deps: Partial<EngineDeps> = {}): Promise<Harness> {
  const { home, remove } = await makeTempHome('kling-engine-');
  const clock = createVirtualClock();
  const cdn = await startTestCdn();
  const fake = createFakeWeShop({
    videoUrl: (executionId, index) =>
      cdn.add(`/${executionId}/${index}.mp4`, videoBytesFor(executionId, index)),
  });
  const engines: Engine[] = [];
  const libraries: Library[] = [];
  const updates: RenderManifest[] = [];
  const build = (extra: Partial<EngineDeps>) => {
    const library = createLibrary({ home, now: clock.now, indexDebounceMs: 5 });
    const engine = createEngine({
      library,
      api: fake.api,
      // Uploads go through the library's upload cache, as in the app.
      images: createImageUploads({
        api: fake.api,
        cache: createUploadCache({ home, now: clock.now }),
        examine: fakeExamine,
      }),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0,
      ...deps,
      ...extra,
    });
    engine.on('job:update', (m) => updates.push(m));
    engines.push(engine);
    libraries.push(library);
    return { library, engine };
  };
  const first = build({});
  return {
    home,
    clock,
    cdn,
    fake,
    library: first.library,
    engine: first.engine,
    updates,
    statesOf(id) {
      const states: JobState[] = [];
      for (const m of updates) if (m.id === id && states.at(-1) !== m.state) states.push(m.state);
      return states;
    },
    async restart(extra = {}) {
      return build(extra);
    },
    async close() {
      for (const engine of engines) await engine.close().catch(() => undefined);
      for (const library of libraries) await library.close().catch(() => undefined);
      await cdn.close();
      await remove();
    },
  };
}

/** Waits (for real, briefly) until a condition holds; fails the test after a few seconds. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
