import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { startEmulator } from '../emulator/server';

/**
 * `kling-studio key …` against a real Secret Service: run through test/keychain/run.sh (a
 * throw-away gnome-keyring on its own D-Bus); plain `vitest run` skips it. The child gets the
 * session bus address and nothing else of this environment, and never WESHOP_API_KEY.
 */
describe.skipIf(!process.env.KLING_REAL_KEYCHAIN)(
  'kling-studio key (real keychain)',
  { timeout: 90_000 },
  () => {
    const key = `cli-test-key-${process.pid}-wxyz`;
    let home: { path: string; remove: () => Promise<void> };
    beforeEach(async () => {
      home = await tempDir('kling-cli-key-');
    });
    afterEach(() => home.remove());

    const env = () => {
      const pass = ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'XDG_DATA_HOME'] as const;
      const out: Record<string, string> = { HOME: home.path, KLING_STUDIO_HOME: home.path };
      for (const name of pass) if (process.env[name]) out[name] = process.env[name] as string;
      return out;
    };

    afterAll(async () => {
      // Whatever a failed test left behind: the keyring is thrown away anyway, but be tidy.
      await runCli(['key', 'clear'], { env: env() });
    });

    it('sets a key from stdin, reports only its last 4, and clears it', async () => {
      const before = await runCli(['key', 'status', '--json'], { env: env() });
      expect(before.code, before.stderr).toBe(0);
      expect(JSON.parse(before.stdout)).toEqual({ set: false, source: null, last4: null });

      const set = await runCli(['key', 'set'], { env: env(), input: `${key}\n` });
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toContain('ends in wxyz');

      const status = await runCli(['key', 'status'], { env: env() });
      expect(status.stdout.trim()).toBe('API key set (from the system keychain), ends in wxyz');
      for (const run of [set, status]) expect(run.stdout + run.stderr).not.toContain(key);

      const cleared = await runCli(['key', 'clear'], { env: env() });
      expect(cleared.code, cleared.stderr).toBe(0);
      const after = await runCli(['key', 'status', '--json'], { env: env() });
      expect(JSON.parse(after.stdout)).toMatchObject({ set: false });
    });

    it('generate uses the keychain key when WESHOP_API_KEY is not set', async () => {
      const emulator = await startEmulator({
        apiKey: key,
        timings: { pendingMs: 50, segmentingMs: 50, runningMs: 50 },
      });
      try {
        expect((await runCli(['key', 'set'], { env: env(), input: key })).code).toBe(0);
        const run = await runCli(
          ['generate', FIXTURES.pngImage, '-p', 'from the keychain', '--json'],
          {
            env: { ...env(), WESHOP_API_BASE: emulator.apiBase },
          },
        );
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ state: 'done' });
        expect(emulator.requests.find((r) => r.origin === 'api')?.headers.authorization).toBe(key);
        expect(run.stdout + run.stderr).not.toContain(key);
      } finally {
        await runCli(['key', 'clear'], { env: env() });
        await emulator.close();
      }
    });

    it('refuses an empty stdin without changing anything', async () => {
      const run = await runCli(['key', 'set'], { env: env(), input: '\n' });
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe('error: No API key on stdin (pipe the key in, one line)');
      const status = await runCli(['key', 'status', '--json'], { env: env() });
      expect(JSON.parse(status.stdout)).toMatchObject({ set: false });
    });
  },
);
