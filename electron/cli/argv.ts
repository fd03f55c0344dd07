/**
 * Which command-line arguments belong to the CLI. Kept apart from the entry points so the
 * rules are unit-tested without starting a process (or Electron).
 */

/** The switch that turns the app executable into the CLI (what the installed launcher passes). */
export const CLI_SWITCH = '--cli';

/**
 * The CLI's own arguments when the app executable was started as the CLI: everything after
 * the first `--cli`, or null for a normal app launch. Only what follows the switch counts,
 * because Electron's argv starts with the executable and, in development (`electron .`),
 * the app folder; Chromium switches the user put before `--cli` are not the CLI's.
 */
export function cliArgsFromAppArgv(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_SWITCH);
  return at === -1 ? null : argv.slice(at + 1);
}

/**
 * `kling-studio --version` / `-V` alone: answered from the inlined version without loading
 * commander or the core, so the most common scripted probe starts as fast as node itself.
 */
export function isVersionRequest(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

/** commander's collector for repeatable options (`-p a -p b` → ['a', 'b']). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
