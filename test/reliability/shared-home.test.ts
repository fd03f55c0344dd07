import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/app/core';
import { createLibrary } from '../../electron/library/library';
import { createSecretStore } from '../../electron/secrets/store';
import type { RenderManifest, RenderView } from '../../shared/job';
import { cliEnv, manifestsOnDisk, runCli, spawnCli, tempDir, waitFor } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';

let emulator: RunningEmulator | undefined;
let home: { path: string; remove: () => Promise<void> };
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  home = await tempDir('kling-multiprocess-');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await emulator?.close();
  emulator = undefined;
  await home.remove();
});

async function start(timings: { pendingMs: number; segmentingMs: number; runningMs: number }) {
  emulator = await startEmulator({ timings, honourIdempotencyKey: false });
  return emulator;
}

const envFor = (emu: RunningEmulator) => cliEnv(home.path, emu);

const uploadsOf = (emu: RunningEmulator) =>
  emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/assets/images'));

/** Every render started exactly once, and no other run was created. */
function expectOneStartEach(emu: RunningEmulator, manifests: RenderManifest[]) {
  const attempts = emu.startAttemptsByIdempotencyKey();
  for (const m of manifests) expect(attempts.get(m.idempotencyKey), m.id).toBe(1);
  expect(emu.runCount()).toBe(manifests.length);
}

/** What library.sqlite holds, read by a connection of its own. */
async function indexOnDisk(): Promise<Map<string, RenderManifest>> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(home.path, 'library.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT json FROM manifests').pluck().all() as string[];
    return new Map(rows.map((json) => JSON.parse(json) as RenderManifest).map((m) => [m.id, m]));
  } finally {
    db.close();
  }
}

describe('several processes on one library home', { timeout: 120_000 }, () => {
  it('generate uploading on a slow link + resume at that moment: one start, resume leaves it alone', async () => {
    const emu = await start({ pendingMs: 100, segmentingMs: 100, runningMs: 100 });
    // The upload is held until both resumes have looked (a fixed delay ran out under load:
    // the generate finished first and the second resume found nothing to leave alone).
    const releaseUpload = new AbortController();
    cleanups.push(() => releaseUpload.abort());
    emu.inject({
      fault: { kind: 'slow', delayMs: 100_000, until: releaseUpload.signal },
      match: { method: 'POST', path: '/agent/assets/images' },
    });
    const generate = spawnCli(['generate', FIXTURES.pngImage, '-p', 'slow upload', '--json'], {
      env: envFor(emu),
      timeoutMs: 60_000,
    });
    cleanups.push(() => void generate.child.kill('SIGKILL'));
    const uploading = await waitFor(
      async () => (await manifestsOnDisk(home.path)).find((m) => m.state === 'uploading'),
      'generate to be uploading',
    );
    await waitFor(() => uploadsOf(emu).length === 1, 'the upload to arrive');

    const resumed = await runCli(['resume', '--json'], { env: envFor(emu), timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      finished: [],
      needsAttention: [],
      ownedElsewhere: [uploading.id],
    });
    const human = await runCli(['resume'], { env: envFor(emu), timeoutMs: 60_000 });
    expect(human.stderr).toContain(`already working on it: ${uploading.id}`);
    releaseUpload.abort();

    const generated = await generate.done;
    expect(generated.code, generated.stderr).toBe(0);
    const [final] = await manifestsOnDisk(home.path);
    expect(final).toMatchObject({ id: uploading.id, state: 'done' });
    expect(uploadsOf(emu)).toHaveLength(1);
    expectOneStartEach(emu, [final as RenderManifest]);
  });

  it('two resumes at once on unfinished renders: each render is started exactly once', async () => {
    const emu = await start({ pendingMs: 400, segmentingMs: 100, runningMs: 100 });
    // Renders left queued (e.g. by a closed app), written the way the app writes them.
    const seed = createLibrary({ home: home.path });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await seed.create({ image: FIXTURES.pngImage, prompt: `left ${i}` })).id);
    await seed.close();

    const first = spawnCli(['resume', '--json'], { env: envFor(emu), timeoutMs: 90_000 });
    const second = spawnCli(['resume', '--json'], { env: envFor(emu), timeoutMs: 90_000 });
    cleanups.push(() => void first.child.kill('SIGKILL'));
    cleanups.push(() => void second.child.kill('SIGKILL'));
    const runs = await Promise.all([first.done, second.done]);
    const resumedBy = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout).finished as { id: string }[]).map((f) => f.id);
    });
    // Every render was driven by one of them, none by both.
    expect([...(resumedBy[0] ?? []), ...(resumedBy[1] ?? [])].sort()).toEqual([...ids].sort());

    const finals = await manifestsOnDisk(home.path);
    expect(finals.map((m) => m.state)).toEqual(ids.map(() => 'done'));
    expectOneStartEach(emu, finals);
    // One picture: each process uploads it at most once (the library's upload cache; two
    // processes asking at the same moment may both upload, never once per render).
    expect(uploadsOf(emu).length).toBeGreaterThanOrEqual(1);
    expect(uploadsOf(emu).length).toBeLessThanOrEqual(2);
    // Both processes wrote the index; it holds every render's final state.
    const index = await indexOnDisk();
    for (const m of finals) expect(index.get(m.id)?.state, m.id).toBe('done');
  });

  it("the app sees a CLI's render within 2 s, and the index ends with every final state", async () => {
    const emu = await start({ pendingMs: 300, segmentingMs: 100, runningMs: 100 });
    const core = await createCore({
      home: home.path,
      secrets: createSecretStore({
        env: { WESHOP_API_KEY: emu.apiKey },
        keychain: {
          getPassword: async () => null,
          setPassword: async () => undefined,
          deletePassword: async () => false,
        },
      }),
      env: { WESHOP_API_BASE: emu.apiBase },
      mediaBase: 'kling-media://render',
    });
    cleanups.push(async () => {
      await core.close();
      await core.library.close();
    });
    const views = new Map<string, RenderView[]>();
    core.subscribe('job:update', (view) => {
      views.set(view.id, [...(views.get(view.id) ?? []), view]);
    });
    await core.start();
    const appJob = await core.engine.queue({ image: FIXTURES.pngImage, prompt: 'from the app' });

    const cli = spawnCli(['generate', FIXTURES.pngImage, '-p', 'from the CLI', '--json'], {
      env: envFor(emu),
      timeoutMs: 60_000,
    });
    cleanups.push(() => void cli.child.kill('SIGKILL'));
    const cliJob = await waitFor(
      async () => (await manifestsOnDisk(home.path)).find((m) => m.id !== appJob.id),
      "the CLI's render on disk",
    );
    await waitFor(() => views.has(cliJob.id), "the app's listener to see the CLI's render", 2_000);
    expect(await core.library.driver(cliJob.id)).toMatch(/^process \d+$/); // the CLI drives it

    const generated = await cli.done;
    expect(generated.code, generated.stderr).toBe(0);
    await core.engine.idle();
    await waitFor(
      () => views.get(cliJob.id)?.at(-1)?.state === 'done',
      "the app to see the CLI's render done",
      5_000,
    );
    expect((await core.library.list()).items.map((m) => [m.id, m.state]).sort()).toEqual(
      [
        [appJob.id, 'done'],
        [cliJob.id, 'done'],
      ].sort(),
    );
    await core.close();
    await core.library.close();

    const finals = await manifestsOnDisk(home.path);
    expect(finals).toHaveLength(2);
    const index = await indexOnDisk();
    for (const m of finals) expect(index.get(m.id), m.id).toEqual(m);
    expectOneStartEach(emu, finals);
  });
});
