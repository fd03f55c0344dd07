/**
 * `delete` from a second process while `generate` waits for WeShop's answer to its start: the
 * delete is refused (the render is driven elsewhere) and generate collects the paid run as if
 * nothing happened. Before, the delete removed the folder, WeShop still created and charged the
 * run, and generate failed with the run id only in the log. The emulator IGNORES
 * Idempotency-Key: one start per render is Kling Studio's own guarantee.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import { cliEnv, manifestsOnDisk, runCli, spawnCli, tempDir, waitFor } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';

let emulator: RunningEmulator;
let home: { path: string; remove: () => Promise<void> };
const cleanups: (() => unknown)[] = [];

beforeEach(async () => {
  home = await tempDir('kling-delete-race-');
  emulator = await startEmulator({
    timings: { pendingMs: 50, segmentingMs: 50, runningMs: 100 },
    honourIdempotencyKey: false,
  });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await emulator.close();
  await home.remove();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

const startRequests = () =>
  emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/runs'));

describe('kling-studio delete never loses a paid run', { timeout: 120_000 }, () => {
  it('while generate waits for its start answer: refused (exit 2, driven by that process); generate then collects the run', async () => {
    // The start is held (not yet processed) until the delete has had its say.
    const release = new AbortController();
    cleanups.push(() => release.abort());
    emulator.inject({
      fault: { kind: 'slow', delayMs: 100_000, until: release.signal },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const env = cliEnv(home.path, emulator);
    const generate = spawnCli(['generate', FIXTURES.pngImage, '-p', 'held start', '--json'], {
      env,
      timeoutMs: 90_000,
    });
    cleanups.push(() => generate.child.kill('SIGKILL'));
    const sent = await Promise.race([
      waitFor(
        async () => (await manifestsOnDisk(home.path)).find((m) => m.startSentAt),
        'startSentAt on disk',
        60_000,
      ),
      generate.done.then((exit) => {
        throw new Error(`generate exited before its start was held (${exit.code}): ${exit.stderr}`);
      }),
    ]);
    await waitFor(() => startRequests().length === 1, 'the start to reach WeShop', 30_000);

    const deleted = await runCli(['delete', sent.id], { env, timeoutMs: 60_000 });
    // The client gives up on a start after 30 s: the start is let through right after this one
    // delete, which must have answered while generate still waited for it.
    const heldMs = Date.now() - (startRequests()[0]?.at ?? 0);
    release.abort();
    expect(heldMs, 'the delete answered while the start was held').toBeLessThan(28_000);
    expect(deleted.code, deleted.stderr).toBe(2);
    expect(deleted.stderr.trim()).toBe(
      `error: This render is being driven by another Kling Studio process (process ${generate.child.pid}); stop it there first, or wait for it to finish.`,
    );
    expect(deleted.stdout).toBe('');
    const folder = join(home.path, 'renders', sent.id);
    expect(await exists(join(folder, 'render.json'))).toBe(true);

    const generated = await generate.done;
    expect(generated.code, generated.stderr).toBe(0);
    const result = JSON.parse(generated.stdout);
    expect(result).toMatchObject({ id: sent.id, state: 'done' });
    const [final] = await manifestsOnDisk(home.path);
    expect(final).toMatchObject({ id: sent.id, state: 'done', executionId: expect.any(String) });
    expect(final?.videos.length).toBeGreaterThan(0);
    for (const video of final?.videos ?? []) {
      expect(video.file).toBeDefined();
      expect(await exists(join(folder, video.file ?? ''))).toBe(true);
    }
    // One start, one run: nothing was paid twice or lost.
    expect(startRequests()).toHaveLength(1);
    expect(emulator.runCount()).toBe(1);

    // Finished and let go: now it deletes like any render.
    const later = await runCli(['delete', sent.id], { env, timeoutMs: 60_000 });
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toMatch(new RegExp(`^Moved ${sent.id} to the trash`));
    expect(await exists(folder)).toBe(false);
  });

  it('a render WeShop may still be charging for: refused without --yes (exit 2), deleted with it', async () => {
    // Left by a process that stopped with its start unanswered, then marked by resume.
    const seed = createLibrary({ home: home.path });
    const made = await seed.create({ image: FIXTURES.pngImage, prompt: 'start unanswered' });
    await seed.update(made.id, (m) => {
      m.state = 'needs-attention';
      m.startSentAt = new Date().toISOString();
    });
    await seed.close();
    const env = cliEnv(home.path, emulator);
    const refused = await runCli(['delete', made.id], { env, timeoutMs: 60_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `error: WeShop may still be making (and charging for) this render's run (its start may have reached WeShop without the run id coming back). If you delete the render, its videos will not be collected. To delete it anyway, confirm: \`kling-studio delete ${made.id} --yes\` (in the app: Delete anyway).`,
    );
    expect(await exists(join(home.path, 'renders', made.id))).toBe(true);

    const confirmed = await runCli(['delete', made.id, '--yes'], { env, timeoutMs: 60_000 });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(new RegExp(`^Moved ${made.id} to the trash`));
    expect(await exists(join(home.path, 'renders', made.id))).toBe(false);
    expect(emulator.requests).toEqual([]); // deleting asks WeShop nothing
  });
});
