/**
 * `tsx test/packaged/cli-smoke.ts <installed app executable>`: the command-line tool as a user
 * gets it. Writes the `kling-studio` launcher with the app's own installer code
 * (electron/cli/install/launcher.ts, what Settings → Install command-line tool runs) into a
 * throwaway folder, then runs it against the WeShop emulator: `--version`, `key status`
 * (reads the system keychain), `generate` (a render end to end) and `list --json`.
 * On Linux it runs with no DISPLAY: the launcher's headless switch is what makes that work.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCliLauncher } from '../../electron/cli/install/launcher';
import { FIXTURES } from '../emulator/fixtures';
import { startEmulator } from '../emulator/server';

const root = join(import.meta.dirname, '..', '..');
const STEP_DEADLINE_MS = 180_000;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** cmd.exe runs the .cmd launcher: arguments with spaces are quoted for it. */
const forCmd = (arg: string) => (/[\s"]/.test(arg) ? `"${arg.replaceAll('"', '""')}"` : arg);

function run(launcher: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  const windows = process.platform === 'win32';
  return new Promise((resolve, reject) => {
    const child = windows
      ? spawn(forCmd(launcher), args.map(forCmd), { env, shell: true })
      : spawn(launcher, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kling-studio ${args.join(' ')} did not finish in time`));
    }, STEP_DEADLINE_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

function expectOk(step: string, ran: Ran, check: (stdout: string) => boolean): void {
  process.stdout.write(`== kling-studio ${step}: exit ${ran.code}\n${ran.stdout}${ran.stderr}`);
  if (ran.code !== 0 || !check(ran.stdout)) {
    throw new Error(`kling-studio ${step} failed (exit ${ran.code})`);
  }
}

async function main(): Promise<void> {
  const [executable] = process.argv.slice(2);
  if (!executable) throw new Error('Usage: cli-smoke.ts <installed app executable>');
  const scratch = await mkdtemp(join(tmpdir(), 'kling-cli-smoke-'));
  const emulator = await startEmulator({
    timings: { pendingMs: 200, segmentingMs: 200, runningMs: 400 },
  });
  try {
    const installed = await installCliLauncher({
      platform: process.platform,
      homedir: join(scratch, 'home'),
      env: { PATH: '', LOCALAPPDATA: join(scratch, 'local') },
      target: { executable, args: [] },
      fs,
    });
    process.stdout.write(`${installed.message}\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, KLING_STUDIO_HOME: join(scratch, 'library') };
    delete env.WESHOP_API_KEY;
    if (process.platform === 'linux') {
      delete env.DISPLAY;
      delete env.WAYLAND_DISPLAY;
    }
    const version = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).version;
    expectOk('--version', await run(installed.path, ['--version'], env), (out) =>
      out.includes(version),
    );
    expectOk(
      'key status --json',
      await run(installed.path, ['key', 'status', '--json'], env),
      (out) => typeof (JSON.parse(out) as { set?: unknown }).set === 'boolean',
    );
    const withEmulator = {
      ...env,
      WESHOP_API_BASE: emulator.apiBase,
      WESHOP_API_KEY: emulator.apiKey,
    };
    const generate = await run(
      installed.path,
      ['generate', FIXTURES.pngImage, '-p', 'Release smoke test', '--json'],
      withEmulator,
    );
    let id = '';
    expectOk('generate --json', generate, (out) => {
      const view = JSON.parse(out) as { id?: string; state?: string };
      id = view.id ?? '';
      return view.state === 'done';
    });
    expectOk('list --json', await run(installed.path, ['list', '--json'], withEmulator), (out) =>
      out.includes(id),
    );
  } finally {
    await emulator.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
