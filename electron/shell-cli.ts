// Shell glue for CLI mode (named shell-* so it counts with the shell in the layering rules):
// the pieces of Electron the CLI mode of the app executable uses (shell/cli-mode.ts: the Dock
// icon on macOS, shell.trashItem for delete). Kept apart from main.ts so a CLI run never
// evaluates the shell. Read only when called, so a run that needs neither never touches them.
import { app, shell } from 'electron';
import type { CliModeApp, CliModeShell } from './shell/cli-mode';

export const electronApp = (): CliModeApp => app;
export const electronShell = (): CliModeShell => shell;
