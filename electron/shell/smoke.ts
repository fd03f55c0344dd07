/**
 * `<app> --smoke <verdict.json>`: the packaged app checks itself on a real desktop and says so
 * in a file, then quits 0 (every check passed) or 1. The release pipeline runs it on each OS
 * (.github/workflows/release.yml) against a throwaway library; it is how a machine, not a
 * user, finds that the installer's app cannot open its window, talk to its page, open a
 * library or reach the system keychain.
 *
 * Checks, in order, each with its own deadline:
 * 1. window: the page loaded from app://kling-studio (not file://, not an error page);
 * 2. ipc: the page's own first call reached the dispatcher and was answered. ipc.ts lets a
 *    call through only when isTrustedIpcSender accepted the sending frame, so this proves the
 *    origin check accepts the real page (the renderer calls app:pending-image once it
 *    listens, so no script has to be injected);
 * 3. library: the library under the home opens and lists;
 * 4. keychain: the key's status is read from the system keychain (read only: nothing is
 *    written, the environment's key is ignored for this check).
 * Plain code: main.ts passes the Electron-backed probes; smoke.test.ts passes fakes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { messageOf } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc';
import type { IpcDispatch } from '../app/ipc-handlers';

export const SMOKE_SWITCH = '--smoke';

/** The verdict file named after `--smoke`, or null for a normal launch (or a missing path). */
export function smokeVerdictPath(argv: readonly string[]): string | null {
  const at = argv.indexOf(SMOKE_SWITCH);
  const path = at === -1 ? undefined : argv[at + 1];
  return path && !path.startsWith('-') ? path : null;
}

export interface SmokeCheck {
  name: string;
  ok: boolean;
  /** What was seen (ok) or what went wrong (not ok): one line. */
  detail: string;
  ms: number;
}

export interface SmokeVerdict {
  ok: boolean;
  version: string;
  platform: string;
  arch: string;
  startedAt: string;
  checks: SmokeCheck[];
}

export interface SmokeProbes {
  /** Resolves with the page's URL once it finished loading. */
  windowLoaded(): Promise<string>;
  /** Resolves with the channel of the page's first answered call (watchFirstCall). */
  pageCalled(): Promise<string>;
  /** Opens the library and says how many renders it lists. */
  openLibrary(): Promise<string>;
  /** Reads the key's status from the keychain (never writes). */
  readKeychain(): Promise<string>;
}

/** What the verdict says about the build it ran in. */
export interface SmokeBuild {
  version: string;
  platform: string;
  arch: string;
}

export interface SmokeDeps extends SmokeBuild {
  probes: SmokeProbes;
  now: () => number;
  /** Per check; a check that does not settle by then fails with "no answer within …". */
  timeoutMs: number;
  writeVerdict(json: string): Promise<void>;
  /** Where the window must come from (app-origin.ts APP_ORIGIN). */
  appOrigin: string;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function check(
  name: string,
  work: () => Promise<string>,
  deps: Pick<SmokeDeps, 'now' | 'timeoutMs'>,
): Promise<SmokeCheck> {
  const started = deps.now();
  try {
    const detail = await withDeadline(work(), deps.timeoutMs);
    return { name, ok: true, detail, ms: deps.now() - started };
  } catch (error) {
    return { name, ok: false, detail: messageOf(error), ms: deps.now() - started };
  }
}

const verdictJson = (build: SmokeBuild, startedAt: string, checks: SmokeCheck[]): string => {
  const verdict: SmokeVerdict = {
    ok: checks.length > 0 && checks.every((c) => c.ok),
    version: build.version,
    platform: build.platform,
    arch: build.arch,
    startedAt,
    checks,
  };
  return `${JSON.stringify(verdict, null, 2)}\n`;
};

/** The verdict when the app could not even start (no window, no core): one failed check. */
export function startFailedVerdict(build: SmokeBuild, startedAt: string, detail: string): string {
  return verdictJson(build, startedAt, [{ name: 'start', ok: false, detail, ms: 0 }]);
}

/** Writes the verdict file, making its folder (the pipeline names a fresh one). */
export async function writeVerdictFile(path: string, json: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, json);
}

/** The part of a BrowserWindow's webContents the window check listens to. */
export interface SmokeWebContents {
  getURL(): string;
  once(event: 'did-finish-load', listener: () => void): unknown;
  once(
    event: 'did-fail-load',
    listener: (event: unknown, errorCode: number, errorDescription: string) => void,
  ): unknown;
}

/**
 * The page's URL once it loaded, or why it did not (Electron emits did-fail-load with
 * Chromium's error code and description instead of did-finish-load). Listen before the load
 * can finish: right after the window is created.
 */
export function pageLoaded(contents: SmokeWebContents): Promise<string> {
  return new Promise((resolve, reject) => {
    contents.once('did-finish-load', () => resolve(contents.getURL()));
    contents.once('did-fail-load', (_event, code, description) =>
      reject(new Error(`the page did not load: ${description} (${code})`)),
    );
  });
}

/** Runs the checks in order, writes the verdict and returns the exit code (0 or 1). */
export async function runSmoke(deps: SmokeDeps): Promise<0 | 1> {
  const { probes } = deps;
  const startedAt = new Date(deps.now()).toISOString();
  const checks: SmokeCheck[] = [];
  checks.push(
    await check(
      'window',
      async () => {
        const url = await probes.windowLoaded();
        if (!url.startsWith(`${deps.appOrigin}/`)) {
          throw new Error(`the page is ${url}, not from ${deps.appOrigin}`);
        }
        return url;
      },
      deps,
    ),
  );
  checks.push(await check('ipc', async () => `answered ${await probes.pageCalled()}`, deps));
  checks.push(await check('library', probes.openLibrary, deps));
  checks.push(await check('keychain', probes.readKeychain, deps));
  await deps.writeVerdict(verdictJson(deps, startedAt, checks));
  return checks.every((c) => c.ok) ? 0 : 1;
}

/**
 * Wraps the dispatcher: `firstCall` resolves with the channel of the first call it answered
 * with ok (ipc.ts calls the dispatcher only for trusted senders). A failed answer rejects it,
 * with the error the page got.
 */
export function watchFirstCall(dispatch: IpcDispatch): {
  dispatch: IpcDispatch;
  firstCall: Promise<string>;
} {
  let settle: ((result: { channel: string; result: IpcResult<unknown> }) => void) | null = null;
  const first = new Promise<{ channel: string; result: IpcResult<unknown> }>((resolve) => {
    settle = resolve;
  });
  const firstCall = first.then(({ channel, result }) => {
    if (result.ok) return channel;
    throw new Error(`${channel} failed: ${result.error.message}`);
  });
  // Nobody may be waiting yet; the rejection is read by runSmoke.
  firstCall.catch(() => undefined);
  return {
    firstCall,
    dispatch: async (channel, payload) => {
      const result = await dispatch(channel, payload);
      settle?.({ channel, result });
      settle = null;
      return result;
    },
  };
}
