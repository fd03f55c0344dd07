/**
 * A process in another PID namespace (a Flatpak or Snap sandbox, a container sharing the
 * library folder, `unshare -p`) drives a render in a shared home. Its claim names pid 1 and
 * its own start time; seen from outside, that pid is another process. Liveness must come from
 * the kernel (owner.ts: the beacon socket), or `resume` outside takes the render over while
 * the owner lives and starts it a second time: paid twice. The emulator IGNORES
 * Idempotency-Key here, so a second start would create (and charge) a second run.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import { cliEnv, ROOT, runCli, tempDir, waitFor } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';

const HOLDER = join(import.meta.dirname, 'support', 'claim-holder.child.ts');
const UNSHARE = ['--pid', '--fork', '--mount-proc', '--kill-child'];

/** Why a new PID namespace cannot be made here (not root, no user namespaces…), or null. */
function unshareUnavailable(): string | null {
  if (process.platform !== 'linux') return 'PID namespaces are Linux only';
  const tried = spawnSync('unshare', [...UNSHARE, 'true'], { encoding: 'utf8' });
  if (tried.error) return `unshare cannot run: ${tried.error.message}`;
  if (tried.status !== 0) return `unshare ${UNSHARE.join(' ')} failed: ${tried.stderr.trim()}`;
  return null;
}
const unavailable = unshareUnavailable();

let emulator: RunningEmulator | undefined;
let home: { path: string; remove: () => Promise<void> };
let holder: ChildProcess | undefined;

beforeEach(async () => {
  home = await tempDir('kling-pidns-');
});
afterEach(async () => {
  holder?.kill('SIGKILL');
  holder = undefined;
  await emulator?.close();
  emulator = undefined;
  await home.remove();
});

/** Starts the claim holder as pid 1 of a new PID namespace; resolves once it holds the claim. */
async function holdInNamespace(id: string): Promise<ChildProcess> {
  const child = spawn(
    'unshare',
    [...UNSHARE, process.execPath, '--import', 'tsx', HOLDER, home.path, id],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${err}`)));
  });
  expect(JSON.parse(line)).toEqual({ ok: true });
  return child;
}

/** The holder's own pid as seen from here: the only child of the unshare process. */
async function innerPid(unshare: ChildProcess): Promise<number> {
  const pid = unshare.pid as number;
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
  return Number(text.trim());
}

async function claimRecord(id: string): Promise<{ pid: number; beacon?: string }> {
  const dir = join(home.path, 'claims', id);
  const top = Math.max(...(await readdir(dir)).filter((n) => /^\d+$/.test(n)).map(Number));
  return JSON.parse(await readFile(join(dir, String(top)), 'utf8'));
}

describe('a render driven from another PID namespace', { timeout: 120_000 }, () => {
  it.skipIf(unavailable !== null)(
    `resume outside leaves it while the owner lives and takes it over at once when it is killed${
      unavailable ? ` (skipped: ${unavailable})` : ''
    }`,
    async () => {
      const emu = await startEmulator({
        timings: { pendingMs: 100, segmentingMs: 100, runningMs: 100 },
        honourIdempotencyKey: false,
      });
      emulator = emu;
      const seed = createLibrary({ home: home.path });
      const { id } = await seed.create({ image: FIXTURES.pngImage, prompt: 'sandboxed' });
      await seed.close();

      holder = await holdInNamespace(id);
      // What made this a double charge: the owner's pid is 1 (its namespace's init).
      const record = await claimRecord(id);
      expect(record.pid).toBe(1);
      const socketFile = `${record.beacon}.sock`;
      expect(await readdir(join(home.path, 'owners'))).toContain(socketFile);

      const outside = createLibrary({ home: home.path, readOnly: true });
      expect(await outside.driver(id)).toBe('process 1');
      const resumed = await runCli(['resume', '--json'], {
        env: cliEnv(home.path, emu),
        timeoutMs: 60_000,
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ finished: [], ownedElsewhere: [id] });
      expect(emu.runCount()).toBe(0); // nothing was started behind the owner's back

      // kill -9 the owner; unshare reaps it, then exits: by then its socket is closed.
      const exited = once(holder, 'exit');
      process.kill(await innerPid(holder), 'SIGKILL');
      await exited;
      holder = undefined;
      expect(await outside.driver(id)).toBeNull(); // at once: no timeout to wait for
      await outside.close();

      const taken = await runCli(['resume', '--json'], {
        env: cliEnv(home.path, emu),
        timeoutMs: 60_000,
      });
      expect(taken.code, taken.stderr).toBe(0);
      const report = JSON.parse(taken.stdout) as { finished: { id: string }[] };
      expect(report.finished.map((f) => f.id)).toEqual([id]);
      await waitFor(() => emu.runCount() === 1, 'the one start');
      expect([...emu.startAttemptsByIdempotencyKey().values()]).toEqual([1]);
      // Whoever took the claim over removed the socket file the killed process left.
      expect(await readdir(join(home.path, 'owners'))).not.toContain(socketFile);
    },
  );
});
