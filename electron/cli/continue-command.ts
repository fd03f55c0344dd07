/**
 * The `continue` command's declaration (its options and help), apart from what it does
 * (commands/continue.ts, loaded only when it runs: it needs the engine and ffmpeg).
 */
import type { Command } from 'commander';
import { CONTINUE_MODELS } from '../../shared/continue-request';
import { BATCH_MAX } from '../../shared/render-request';
import type { ContinueOptions } from './commands/continue';

export function addContinueCommand(
  program: Command,
  run: (id: string, options: ContinueOptions) => Promise<void>,
): void {
  program
    .command('continue')
    .description(
      "render on from the last frame of a render's video: same settings, a new prompt, optionally ending on a picture you choose (needs ffmpeg unless WeShop gave the last frame)",
    )
    .argument('<id>', 'render id (see list)')
    .requiredOption('-p, --prompt <text>', 'what happens next')
    .option(
      '-m, --model <model>',
      `another model that starts from a picture: ${CONTINUE_MODELS.join(', ')} (default: the same)`,
    )
    .option('-d, --duration <seconds>', 'another length (default: the same)')
    .option('-b, --batch <n>', `how many videos the new render makes (1–${BATCH_MAX}; default 1)`)
    .option('--video <n>', 'which video of the render to continue from (default 1)')
    .option(
      '--end-frame <path>',
      'a picture (png, jpg, webp or an https URL) the new video ends on (not Kling_2_1_Master)',
    )
    .option('--max-credits <n>', 'refuse (exit 5) if the new render is estimated above n credits')
    .option('--json', 'print one JSON object with the result on stdout, nothing else')
    .action(run);
}
