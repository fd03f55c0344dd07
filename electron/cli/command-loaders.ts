/**
 * One lazy loader per command. program.ts only declares the commands (names, options, help);
 * what a command does, and everything that pulls in (the engine, the WeShop client, SQLite,
 * the OS trash, ffmpeg and media code, the pino logger), is imported when that command runs.
 * The CLI bundle keeps each in its own chunk, so `--version`, `--help` and a mistyped option
 * load none of it, and `list` loads only the library's query path (issue 22: a cold `list`
 * at 100,000 renders within 2× `--version`).
 */
export const loadCommand = {
  attach: () => import('./commands/attach'),
  batch: () => import('./commands/batch'),
  batchImages: () => import('./commands/batch-images'),
  continue: () => import('./commands/continue'),
  /** estimate and spent. */
  credits: () => import('./commands/credits'),
  generate: () => import('./commands/generate'),
  key: () => import('./commands/key'),
  list: () => import('./commands/list'),
  /** logs, and the support log that failures and owner problems are written to. */
  logs: () => import('./commands/logs'),
  preset: () => import('./commands/preset'),
  queue: () => import('./commands/queue'),
  /** generate's and estimate's --ref-video, which may name a render of the library. */
  refVideo: () => import('./ref-video'),
  resume: () => import('./commands/resume'),
  retry: () => import('./commands/retry'),
  /** show and delete. */
  render: () => import('./commands/library'),
  storyboard: () => import('./commands/storyboard'),
};
