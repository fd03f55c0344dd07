// The one piece of Electron the CLI mode of the app executable uses (electron/shell/cli-mode.ts:
// the Dock icon on macOS). Kept apart from main.ts so a CLI run never evaluates the shell.
import { app } from 'electron';
import type { CliModeApp } from './shell/cli-mode';

export const electronApp = (): CliModeApp => app;
