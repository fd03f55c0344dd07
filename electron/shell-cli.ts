// Shell glue for CLI mode (named shell-* so it counts with the shell in the layering rules):
// the one piece of Electron the CLI mode of the app executable uses (shell/cli-mode.ts: the
// Dock icon on macOS). Kept apart from main.ts so a CLI run never evaluates the shell.
import { app } from 'electron';
import type { CliModeApp } from './shell/cli-mode';

export const electronApp = (): CliModeApp => app;
