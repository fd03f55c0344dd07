import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, unlinkSync } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { beaconsDir } from './layout';

/*
 * A process's liveness beacon in one library home: a Unix domain socket at
 * <home>/owners/<id>.sock (Windows: the named pipe \\.\pipe\kling-studio-<id>) that the
 * process listens on for its whole life. Whether an owner lives is then the kernel's answer,
 * not a pid's: a connect() succeeds while the listening process exists, and is refused
 * (ECONNREFUSED; ENOENT once the file or pipe is gone) as soon as it died, whatever PID
 * namespace or container either side runs in, as long as both see the same filesystem.
 *
 * - Records name only the id: a reader finds the socket under its OWN home (a container may
 *   mount the library somewhere else).
 * - A socket path must fit sun_path (107 bytes on Linux, 103 on macOS). A longer one is
 *   reached on Linux through /proc/self/fd/<the owners folder>/<name>, which is short and
 *   leaves nothing behind; elsewhere it cannot be used (listenBeacon throws, probeBeacon
 *   answers 'unknown'), and owner.ts falls back to the pid rule, saying so.
 * - The socket is bound under a temporary name and renamed into place once it listens, so
 *   nobody ever sees <id>.sock refuse a connection while its process is starting.
 */

export const BEACON_ID = /^[0-9a-f]{16}$/;
export const newBeaconId = () => randomBytes(8).toString('hex');
export const beaconFileName = (id: string) => `${id}.sock`;

/** How a probe may take before the owner counts as alive (a busy kernel, a frozen FS). */
export const PROBE_TIMEOUT_MS = 1_000;

export type ProbeAnswer =
  | { verdict: 'alive' | 'dead'; note?: string }
  | { verdict: 'unknown'; note: string };

interface Address {
  path: string;
  /** Closes what the address needed (the folder's descriptor); call once connected/bound. */
  done: () => void;
}

const SUN_PATH_MAX: Partial<Record<NodeJS.Platform, number>> = { linux: 107 };
const DEFAULT_SUN_PATH_MAX = 103; // macOS and the BSDs: the smallest of the usual limits

/** Where to bind or connect for `name` in `dir`, or a reason why it cannot be reached. */
function addressOf(dir: string, name: string, platform: NodeJS.Platform): Address | string {
  const plain = join(dir, name);
  const max = SUN_PATH_MAX[platform] ?? DEFAULT_SUN_PATH_MAX;
  if (Buffer.byteLength(plain) <= max) return { path: plain, done: () => {} };
  if (platform !== 'linux') return `the path ${plain} is longer than ${max} bytes`;
  // ENOENT (no owners folder) is thrown: no socket can be there either.
  const fd = openSync(dir, 'r');
  const viaFd = `/proc/self/fd/${fd}`;
  if (!existsSync(viaFd)) {
    closeSync(fd);
    return `the path ${plain} is longer than ${max} bytes and /proc is not available`;
  }
  let open = true;
  return {
    path: join(viaFd, name),
    done: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

const pipeName = (id: string) => `\\\\.\\pipe\\kling-studio-${id}`;

export interface Beacon {
  readonly id: string;
  /** Stops listening and removes the socket file: every record naming this id is dead. */
  close(): Promise<void>;
  /** At process exit (synchronous): removes the socket file the OS would leave behind. */
  removeFileNow(): void;
}

/**
 * Starts listening for `id` in `home`. Throws when the socket cannot be made (the caller
 * falls back to the pid rule). The server is unref'd: it never keeps a process alive.
 */
export async function listenBeacon(
  home: string,
  id: string,
  platform: NodeJS.Platform = process.platform,
  onError: (error: Error) => void = () => {},
): Promise<Beacon> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // the prober hung up first: nothing to tell anyone
    socket.destroy(); // the accepted connection is the whole answer
  });
  const listen = (path: string) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  if (platform === 'win32') {
    await listen(pipeName(id));
    server.unref();
    server.on('error', onError);
    return {
      id,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      removeFileNow: () => {}, // a pipe goes away with its process
    };
  }
  const dir = beaconsDir(home);
  await mkdir(dir, { recursive: true });
  const temp = `.${id}.new`;
  const address = addressOf(dir, temp, platform);
  if (typeof address === 'string') throw new Error(`Cannot listen for this process: ${address}`);
  try {
    await listen(address.path);
  } finally {
    address.done();
  }
  const file = join(dir, beaconFileName(id));
  try {
    await rename(join(dir, temp), file);
  } catch (error) {
    server.close();
    throw error;
  }
  server.unref();
  server.on('error', onError);
  return {
    id,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    removeFileNow() {
      try {
        unlinkSync(file);
      } catch {
        // Exiting: nobody is left to tell, and the next take-over removes it anyway.
      }
    },
  };
}

/**
 * Asks the kernel whether the beacon `id` in `home` is listening: connected → alive;
 * refused or missing → dead; anything else, or no answer within `timeoutMs` → alive (an
 * owner is only declared dead when that is certain), with a note saying why.
 */
export function probeBeacon(
  home: string,
  id: string,
  platform: NodeJS.Platform = process.platform,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeAnswer> {
  let address: Address | string;
  try {
    address =
      platform === 'win32'
        ? { path: pipeName(id), done: () => {} }
        : addressOf(beaconsDir(home), beaconFileName(id), platform);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return Promise.resolve({ verdict: 'dead' });
    return Promise.resolve({ verdict: 'alive', note: `its beacon is unreadable (${code})` });
  }
  if (typeof address === 'string') return Promise.resolve({ verdict: 'unknown', note: address });
  const { path, done } = address;
  return new Promise((resolve) => {
    const socket = connect(path);
    const settle = (answer: ProbeAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      done();
      resolve(answer);
    };
    const timer = setTimeout(
      () => settle({ verdict: 'alive', note: `its beacon did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('connect', () => settle({ verdict: 'alive' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') settle({ verdict: 'dead' });
      else settle({ verdict: 'alive', note: `its beacon answered ${error.code ?? error.message}` });
    });
  });
}

/**
 * Removes the socket file a dead process left (it died without closing it). Probes first:
 * only a beacon the kernel calls dead is removed, never a live one.
 */
export async function removeDeadBeacon(
  home: string,
  id: string,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  if (platform === 'win32') return false; // a pipe goes away with its process
  if ((await probeBeacon(home, id, platform)).verdict !== 'dead') return false;
  try {
    await unlink(join(beaconsDir(home), beaconFileName(id)));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
