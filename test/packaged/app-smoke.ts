/**
 * `tsx test/packaged/app-smoke.ts <app executable> [--extract-and-run]`: runs the packaged app's own
 * smoke check (`--smoke <verdict.json>`, electron/shell/smoke.ts) on a throwaway library,
 * prints the verdict and exits 0 only when the app exited 0 and its verdict says ok.
 * Linux runs it under Xvfb and a throwaway keyring (the workflow wraps it).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEADLINE_MS = 180_000;

async function main(): Promise<number> {
  const [executable, ...flags] = process.argv.slice(2);
  if (!executable) throw new Error('Usage: app-smoke.ts <app executable> [--extract-and-run]');
  const home = await mkdtemp(join(tmpdir(), 'kling-smoke-home-'));
  const verdictPath = join(home, 'verdict', 'smoke.json');
  const env: NodeJS.ProcessEnv = { ...process.env, KLING_STUDIO_HOME: home };
  delete env.WESHOP_API_KEY; // the keychain check must reach the keychain
  // An AppImage without FUSE can still be checked by extracting it (the FUSE path is
  // checked by the plain run when fuse3 is there).
  if (flags.includes('--extract-and-run')) env.APPIMAGE_EXTRACT_AND_RUN = '1';
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(executable, ['--smoke', verdictPath], { env, stdio: 'inherit' });
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`${executable} --smoke did not quit within ${DEADLINE_MS / 1000} s`));
      }, DEADLINE_MS);
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => {
        clearTimeout(timer);
        resolve(exitCode ?? (signal ? 128 : 1));
      });
    });
    const verdict = await readFile(verdictPath, 'utf8').catch((error: unknown) => {
      throw new Error(`${executable} --smoke exited ${code} without a verdict: ${String(error)}`);
    });
    process.stdout.write(verdict);
    const ok = (JSON.parse(verdict) as { ok?: unknown }).ok === true;
    if (code !== 0 || !ok) {
      process.stderr.write(`Smoke check failed: exit ${code}, verdict ok=${String(ok)}\n`);
      return 1;
    }
    return 0;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
