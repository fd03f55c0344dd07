import { describe, expect, it } from 'vitest';
import { type CliModeApp, runCliMode } from './cli-mode';

/**
 * A faithful fake of Electron's app for CLI mode: `app.dock` exists on macOS only
 * (electron.d.ts: `readonly dock: Dock | undefined`). The log shows the order of calls.
 */
function fakeElectron(platform: NodeJS.Platform) {
  const log: string[] = [];
  const app: CliModeApp = {
    dock: platform === 'darwin' ? { hide: () => log.push('dock.hide') } : undefined,
  };
  return {
    log,
    deps: {
      platform,
      app: () => {
        log.push('app');
        return app;
      },
      run: async (args: readonly string[]) => log.push(`cli ${args.join(' ')}`),
    },
  };
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
});
