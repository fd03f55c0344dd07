import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Real file systems for the torture suite: a small tmpfs that fills up, a read-only bind
 * mount, a second PID namespace. Each needs root (CAP_SYS_ADMIN); where the machine does not
 * allow it, the probe says why and the test is skipped with that reason.
 */

const run = promisify(execFile);

/** null when it works here, else why not (for the skip message). */
export type Capability = string | null;

function probe(command: string, args: string[]): Capability {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root (mount and unshare need CAP_SYS_ADMIN)';
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  if (result.error) return `\`${command}\` is not usable here: ${result.error.message}`;
  if (result.status !== 0) {
    return `\`${command} ${args.join(' ')}\` failed here: ${result.stderr.trim() || `exit ${result.status}`}`;
  }
  return null;
}

/** Whether a tmpfs can be mounted (and unmounted) here. */
export function mountCapability(): Capability {
  const dir = join(tmpdir(), `kling-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', dir]);
  try {
    const mounted = probe('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    if (mounted === null) spawnSync('umount', [dir]);
    return mounted;
  } finally {
    spawnSync('rmdir', [dir]);
  }
}

/** Whether a process can run in a PID namespace of its own, with its own /proc. */
export const pidNamespaceCapability = (): Capability =>
  probe('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', 'true']);

/** The command prefix that runs a program as PID 1 of a new PID namespace (killed with it). */
export const IN_NEW_PID_NAMESPACE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];

export interface Mounted {
  path: string;
  /** Unmounts (lazily, so a straggling process cannot keep it) and removes the folder. */
  remove(): Promise<void>;
}

async function unmountAndRemove(path: string): Promise<void> {
  await run('umount', ['-l', path]).catch(() => undefined);
  await rm(path, { recursive: true, force: true });
}

/** A fresh tmpfs of `bytes` (rounded up by the kernel to whole pages). */
export async function mountTmpfs(prefix: string, bytes: number): Promise<Mounted> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', path]);
  return { path, remove: () => unmountAndRemove(path) };
}

/** `source` again at a new path, read-only (a bind mount remounted ro): same files, no writes. */
export async function mountReadOnly(source: string, prefix: string): Promise<Mounted> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(path, { recursive: true });
  await run('mount', ['--bind', source, path]);
  try {
    await run('mount', ['-o', 'remount,bind,ro', path]);
  } catch (error) {
    await unmountAndRemove(path);
    throw error;
  }
  return { path, remove: () => unmountAndRemove(path) };
}
