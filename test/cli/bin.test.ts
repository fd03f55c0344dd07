import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { ROOT, runCli, tempDir, waitFor } from './helpers';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('kling-cli-bin-');
});
afterEach(() => dir.remove());

/**
 * The shipped layout, rebuilt for this test: bin/kling-studio.mjs next to dist-cli/ made by
 * the same `vite build --mode cli` that `npm run build` runs, in a folder whose node_modules
 * holds only the native modules the bundle leaves external (NATIVE_EXTERNALS). So the bundle
 * is proven to need no TypeScript compiler and no other dependency at run time (keytar is only
 * loaded by keychain commands, which these runs do not use).
 * Built here rather than relying on `npm run build`, because test/run-all.sh runs vitest
 * before the build step (and a stale dist-cli/ would test old code).
 */
let pkg: { path: string; remove: () => Promise<void> };
let BIN: string;
beforeAll(async () => {
  pkg = await tempDir('kling-cli-pkg-');
  await mkdir(join(pkg.path, 'bin'));
  BIN = join(pkg.path, 'bin', 'kling-studio.mjs');
  await copyFile(join(ROOT, 'bin', 'kling-studio.mjs'), BIN);
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const outDir = join(pkg.path, 'dist-cli');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--mode', 'cli', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT },
  );
  await linkNativeExternals(pkg.path);
}, 120_000);
afterAll(() => pkg?.remove());

/**
 * Native modules cannot be bundled (a .node file per platform): vite.config.ts keeps them
 * external and the bundle imports them from node_modules beside it, as `npm install` of the
 * package provides (each must be a dependency, checked below). Linked, not copied: node
 * resolves a link to its real folder, so their own dependencies (bindings) are found there.
 */
const NATIVE_EXTERNALS = ['better-sqlite3'];

async function linkNativeExternals(into: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  await mkdir(join(into, 'node_modules'));
  for (const name of NATIVE_EXTERNALS) {
    expect(manifest.dependencies[name], `${name} in package.json dependencies`).toBeDefined();
    await symlink(join(ROOT, 'node_modules', name), join(into, 'node_modules', name), 'dir');
  }
}

const version = async () =>
  (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** `npm run emulator` as a user runs it; resolves with the exports it prints. */
async function startEmulatorCli(): Promise<{ child: ChildProcess; exports: Map<string, string> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test', 'emulator', 'cli.ts'),
      '--pending-ms',
      '50',
      '--segmenting-ms',
      '50',
      '--running-ms',
      '100',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } },
  );
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  await waitFor(() => out.includes('Ctrl-C to stop'), `the emulator to start:\n${out}`, 60_000);
  const exports = new Map(
    [...out.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  return { child, exports };
}

describe('the built kling-studio bin (dist-cli bundle, plain node)', { timeout: 120_000 }, () => {
  it('prints the version from package.json', async () => {
    const run = await runCli(['--version'], {
      command: [process.execPath, BIN],
      cwd: dir.path,
      env: { HOME: dir.path },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${await version()}\n`);
  });

  it('runs from any working directory', async () => {
    const run = await runCli(['list', '--json'], {
      command: [process.execPath, BIN],
      cwd: dir.path,
      env: { HOME: dir.path, KLING_STUDIO_HOME: join(dir.path, 'library') },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ total: 0, items: [] });
  });

  it("renders against `npm run emulator`, reached through WESHOP_BASE_URL (WeShop CLI's name)", async () => {
    const emulator = await startEmulatorCli();
    try {
      const base = emulator.exports.get('WESHOP_BASE_URL');
      // The emulator prints the same API base under both names.
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openapi$/);
      expect(emulator.exports.get('WESHOP_API_BASE')).toBe(base);
      const run = await runCli(
        ['generate', FIXTURES.pngImage, '--prompt', 'slow dolly-in', '--json'],
        {
          command: [process.execPath, BIN],
          cwd: dir.path,
          env: {
            HOME: dir.path,
            KLING_STUDIO_HOME: join(dir.path, 'library'),
            WESHOP_BASE_URL: base ?? '',
            WESHOP_API_KEY: emulator.exports.get('WESHOP_API_KEY') ?? '',
          },
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ state: 'done', executionId: expect.any(String) });
      expect(result.videos.length).toBeGreaterThan(0);
      for (const video of result.videos as string[]) {
        expect(video.startsWith(join(dir.path, 'library'))).toBe(true);
        expect((await readFile(video)).byteLength).toBeGreaterThan(0);
      }
    } finally {
      const exited = new Promise((resolve) => emulator.child.once('exit', resolve));
      emulator.child.kill('SIGTERM');
      await exited;
    }
  });

  it('says how to build it when dist-cli/ is missing', async () => {
    await mkdir(join(dir.path, 'bin'));
    const lonely = join(dir.path, 'bin', 'kling-studio.mjs');
    await copyFile(BIN, lonely);
    const run = await runCli(['--version'], {
      command: [process.execPath, lonely],
      env: { HOME: dir.path },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('the kling-studio CLI is not built');
    expect(run.stderr).toContain('npm run build');
  });
});

describe('the kling-studio CLI from source (npm run cli)', { timeout: 60_000 }, () => {
  it('treats usage mistakes as input errors (exit 2) and help as success', async () => {
    const env = { HOME: dir.path, KLING_STUDIO_HOME: dir.path };
    const unknown = await runCli(['generate', 'a.png', '--prompt', 'x', '--colour', 'red'], {
      env,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("error: unknown option '--colour'");
    const missing = await runCli(['generate', 'a.png'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Give a prompt (--prompt TEXT) or a preset (--preset NAME)');
    const help = await runCli(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('generate');
  });

  it('prints the same version as the built one', async () => {
    const run = await runCli(['--version'], { env: { HOME: dir.path } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${await version()}\n`);
  });

  it('refuses a key given as an argument, before touching any keychain', async () => {
    const secret = 'do-not-echo-1234';
    const run = await runCli(['key', 'set', secret], {
      env: { HOME: dir.path, KLING_STUDIO_HOME: dir.path },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Do not put the key on the command line/);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });
});
