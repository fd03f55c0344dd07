import { describe, expect, it } from 'vitest';
import { type CliModeApp, type CliModeDeps, cliTrashItem, runCliMode } from './cli-mode';

/**
 * A faithful fake of Electron's app and shell for CLI mode: `app.dock` exists on macOS only
 * (electron.d.ts: `readonly dock: Dock | undefined`); `app.whenReady()` resolves once Electron
 * has initialised, which the test decides (`becomeReady`). The log shows the order of calls.
 */
function fakeElectron(platform: NodeJS.Platform) {
  const log: string[] = [];
  let becomeReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    becomeReady = () => {
      log.push('ready');
      resolve();
    };
  });
  const app: CliModeApp = {
    dock: platform === 'darwin' ? { hide: () => log.push('dock.hide') } : undefined,
    whenReady: () => {
      log.push('whenReady');
      return ready;
    },
  };
  let trashItem: ((path: string) => Promise<unknown>) | undefined;
  const deps: CliModeDeps = {
    platform,
    app: () => {
      log.push('app');
      return app;
    },
    shell: () => ({
      trashItem: async (path: string) => {
        log.push(`trashItem ${path}`);
      },
    }),
    run: async (args, options) => {
      trashItem = options.trashItem;
      log.push(`cli ${args.join(' ')}`);
    },
  };
  return { log, deps, becomeReady: () => becomeReady(), trash: () => trashItem };
}

describe('the app executable as the CLI', () => {
  it('hides the Dock icon on macOS before the CLI runs', async () => {
    const { log, deps } = fakeElectron('darwin');
    await runCliMode(['list', '--json'], deps);
    expect(log).toEqual(['app', 'dock.hide', 'cli list --json']);
  });

  it('does not touch Electron on Linux or Windows', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { log, deps } = fakeElectron(platform);
      await runCliMode(['--version'], deps);
      expect(log, platform).toEqual(['cli --version']);
    }
  });

  it("gives delete Electron's shell.trashItem, called only once the app is ready", async () => {
    const { log, deps, becomeReady, trash } = fakeElectron('linux');
    await runCliMode(['delete', 'render-1', '--yes'], deps);
    const trashItem = trash();
    expect(trashItem).toBeDefined();
    const moving = trashItem?.('/home/me/trash-pending/render-1');
    await Promise.resolve();
    expect(log).toEqual(['cli delete render-1 --yes', 'app', 'whenReady']);
    becomeReady();
    // Electron's trashItem does not say where the item went: the CLI names the platform's trash.
    expect(await moving).toBeNull();
    expect(log.slice(-2)).toEqual(['ready', 'trashItem /home/me/trash-pending/render-1']);
  });

  it('gives up waiting for ready after a bound, and never calls trashItem then', async () => {
    const { log, deps } = fakeElectron('linux');
    const trashItem = cliTrashItem({ ...deps, readyTimeoutMs: 10 });
    await expect(trashItem('/x')).rejects.toThrow(/Electron did not finish starting/);
    expect(log.some((line) => line.startsWith('trashItem'))).toBe(false);
  });
});
