import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CATALOG_TEMPLATE } from '../../shared/catalog-template';
import { KlingError, messageOf } from '../../shared/errors';
import { ModelName } from '../../shared/models';
import { BATCH_MAX, BATCH_MIN } from '../../shared/render-request';
import { STORYBOARD_MODELS } from '../../shared/storyboard';
import { VERSION } from '../../shared/version';
import { setOwnerProblemFallback } from '../library/owner';
import type { LogFields } from '../logging/logger';
import {
  agentOptionHelp,
  agentsHelpSection,
  aspectOptionHelp,
  audioOptionHelp,
  durationOptionHelp,
  endFrameOptionHelp,
  modelOptionHelp,
  refVideoOptionHelp,
} from './agent-help';
import { collect } from './argv';
import { CSV_COLUMNS } from './batch-columns';
import { loadCommand } from './command-loaders';
import type { QueueAction } from './commands/queue';
import { addContinueCommand } from './continue-command';
import { knownSecrets, oneLineMessage } from './errors';
import { EXIT, exitCodeFor } from './exit-codes';
import type { CliIo } from './io';
import { printError } from './output';

/**
 * The options of every agent (generate, estimate), their help derived from the catalogue:
 * --agent, --model, --duration, --audio, --end-frame, --ref-video, --aspect, --batch.
 */
function addAgentOptions(command: Command, { repeatable }: { repeatable: boolean }): Command {
  const many = repeatable ? collect : undefined;
  command.option('-a, --agent <agent>', agentOptionHelp());
  if (many) {
    command
      .option('-m, --model <model>', modelOptionHelp(true), many)
      .option('-d, --duration <seconds>', durationOptionHelp(true), many);
  } else {
    command
      .option('-m, --model <model>', modelOptionHelp(false))
      .option('-d, --duration <seconds>', durationOptionHelp(false));
  }
  return command
    .option('--audio', audioOptionHelp())
    .option('--end-frame <path>', endFrameOptionHelp())
    .option('--ref-video <url>', refVideoOptionHelp())
    .option('--aspect <ratio>', aspectOptionHelp())
    .option('-b, --batch <n>', `how many videos to make (${BATCH_MIN}–${BATCH_MAX})`);
}

/** Commander's own exits that are not failures. */
const QUIET_EXITS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

function buildProgram(io: CliIo, setExit: (code: number) => void, remember: (s: string) => void) {
  const program = new Command('kling-studio')
    .description('Kling Studio: turn an image and a motion prompt into Kling videos (WeShop API)')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const generateCommand = program
    .command('generate')
    .description(
      'render into video(s) with any Kling agent and download them into the library; several --prompt, --model or --duration queue every combination as one set (the image uploaded once)',
    )
    .argument(
      '[image...]',
      'local image files (png, jpg, webp) or https URLs: the first frame (kling, Kling O1 first frame), the character (Motion Control), or 0–4 reference images (Kling 3.0 Omni, Kling O1 references)',
    )
    .option('-p, --prompt <text>', 'the motion or scene you want (repeat for a set)', collect);
  addAgentOptions(generateCommand, { repeatable: true })
    .option(
      '--preset <name>',
      'start from a saved preset (see `preset list`); options given here win',
    )
    .option('--var <name=value>', "fill a preset's {variable} (repeatable)", collect)
    .option(
      '--json',
      'print one JSON object with the result on stdout, nothing else (a set: { set, renders })',
    )
    .option(
      '--max-credits <n>',
      'refuse (exit 5, nothing started) when the estimate is above n credits or unknown',
    )
    .addHelpText('after', agentsHelpSection())
    .action(async (images: string[], options) => {
      const [{ generate }, { resolveRefVideoOption }] = await Promise.all([
        loadCommand.generate(),
        loadCommand.refVideo(),
      ]);
      setExit(await generate(io, images, await resolveRefVideoOption(io, options), remember));
    });

  const estimateCommand = program
    .command('estimate')
    .description(
      "print WeShop's credit estimate for a render, any agent (local images are uploaded once)",
    )
    .argument('[image...]', 'the pictures, as for generate')
    .option('-p, --prompt <text>', 'the motion or scene you want');
  addAgentOptions(estimateCommand, { repeatable: false })
    .option('--json', 'print { "credits": n|null, "balance"?: n, "enough"?: bool } on stdout')
    .addHelpText('after', agentsHelpSection())
    .action(async (images: string[], options) => {
      const [{ estimate, estimateRequestFrom }, { resolveRefVideoOption }] = await Promise.all([
        loadCommand.credits(),
        loadCommand.refVideo(),
      ]);
      const request = await estimateRequestFrom(
        images,
        await resolveRefVideoOption(io, options),
        io,
      );
      setExit(await estimate(io, request, options, remember));
    });

  program
    .command('spent')
    .description('what renders in the library cost: total, by model and by day')
    .option('--since <date>', 'only renders from this local day on (YYYY-MM-DD)')
    .option('--json', 'print { "credits", "renders", "byModel", "byDay" } on stdout')
    .action(async (options) => {
      const { spent } = await loadCommand.credits();
      setExit(await spent(io, options));
    });

  const preset = program
    .command('preset')
    .description('saved starting points: model, duration, audio, batch and a prompt template');
  preset
    .command('save')
    .description('save a preset (replaces one with the same name)')
    .argument('<name>', 'preset name')
    .requiredOption('-p, --prompt <template>', 'prompt template; {name} marks a variable')
    .addOption(new Option('-m, --model <model>', modelOptionHelp(false)).choices(ModelName.options))
    .option('-d, --duration <seconds>', durationOptionHelp(false))
    .option('--audio', audioOptionHelp())
    .option('-b, --batch <n>', 'how many videos to make (1–16)')
    .option('--json', 'print the saved preset as JSON')
    .action(async (name: string, options) => {
      const { presetSave } = await loadCommand.preset();
      setExit(await presetSave(io, name, options));
    });
  preset
    .command('list')
    .description('list saved presets')
    .option('--json', 'print JSON')
    .action(async (options) => {
      const { presetList } = await loadCommand.preset();
      setExit(await presetList(io, options));
    });
  preset
    .command('delete')
    .description('delete a preset')
    .argument('<name>', 'preset name')
    .action(async (name: string) => {
      const { presetDelete } = await loadCommand.preset();
      setExit(await presetDelete(io, name));
    });

  addContinueCommand(program, async (id, options) => {
    const { continueCommand } = await loadCommand.continue();
    setExit(await continueCommand(io, id, options, remember));
  });

  program
    .command('storyboard')
    .description(
      'render from each keyframe to the next (one set, its total shown first) and join the clips into one MP4 (needs ffmpeg to join)',
    )
    .argument('[keyframe...]', 'two or more pictures in order (png, jpg, webp, or https URLs)')
    .option(
      '-p, --prompt <text>',
      'the motion: once for every transition, or once per transition',
      collect,
    )
    .option(
      '-m, --model <model>',
      `a model that takes an end frame: ${STORYBOARD_MODELS.join(', ')} (default Kling_3_0)`,
    )
    .option('-d, --duration <seconds>', "each transition's length, e.g. 5s")
    .option('--audio', 'generate audio (Kling_3_0 and Kling_2_6 only)')
    .option(
      '--join <set>',
      'join a storyboard whose transitions are done (after Ctrl-C and resume, or once ffmpeg is installed); no keyframes, nothing is rendered',
    )
    .option(
      '--max-credits <n>',
      "refuse (exit 5, nothing started) when the storyboard's total is above n credits or unknown",
    )
    .option(
      '--json',
      "print { set, renders, joined } on stdout (joined: the MP4's path, or null with a reason)",
    )
    .action(async (keyframes: string[], options) => {
      const { storyboard } = await loadCommand.storyboard();
      setExit(await storyboard(io, keyframes, options, remember));
    });

  program
    .command('batch')
    .description(
      'render every request of a .json or .csv file (all rows are checked first), or one render per picture of a folder (--images DIR) as one set',
    )
    .argument(
      '[file]',
      `JSON array of requests (fields as in a render request: image, prompt, agent, model, moreImages, endFrame, referenceVideo, aspectRatio, duration, generateAudio, batchCount), or CSV with a header of ${CSV_COLUMNS.join(',')} (prompt required; the rest optional)`,
    )
    .option('--concurrency <n>', 'renders in flight at once (1–16; default from settings)')
    .option(
      '--images <dir>',
      'one render per .png/.jpg/.jpeg/.webp picture of the folder (sorted by name), queued as one set; a picture that fails its checks is listed on stderr and skipped',
    )
    .option(
      '--prompt <template>',
      `with --images: the prompt of every render; {name} is the picture's file name without extension (default "${DEFAULT_CATALOG_TEMPLATE}")`,
    )
    .option('-a, --agent <agent>', `with --images: ${agentOptionHelp()}`)
    .option('-m, --model <model>', `with --images: ${modelOptionHelp(false)}`)
    .option('-d, --duration <seconds>', `with --images: ${durationOptionHelp(false)}`)
    .option('--audio', `with --images: ${audioOptionHelp()}`)
    .option(
      '-b, --batch <n>',
      `with --images: how many videos each render makes (${BATCH_MIN}–${BATCH_MAX})`,
    )
    .option(
      '--max-credits <n>',
      "with --images: refuse (exit 5, nothing queued) when the set's total is above n credits or unknown",
    )
    .option(
      '--json',
      'print a JSON array of results on stdout (--images: { set, skipped, renders })',
    )
    .action(async (file: string | undefined, options) => {
      const { batchImagesCommand, requireBatchFile } = await loadCommand.batchImages();
      if (options.images !== undefined) {
        setExit(await batchImagesCommand(io, file, options, remember));
        return;
      }
      const checkedFile = requireBatchFile(file, options);
      const { batch } = await loadCommand.batch();
      setExit(await batch(io, checkedFile, options, remember));
    });

  program
    .command('queue')
    .description(
      'steer the queue of this library: pause / resume it (or one set with --set), move a waiting render to the front, or show the state; the app and every kling-studio process apply it to renders not yet started (renders under way finish)',
    )
    .argument('<action>', 'pause, resume, front or status')
    .argument('[id]', 'front: the render to start next')
    .option('--set <id>', 'pause / resume: only this set (its renders share a set id)')
    .option('--json', 'print the steering as JSON on stdout')
    .action(async (action: string, id: string | undefined, options) => {
      if (!['pause', 'resume', 'front', 'status'].includes(action)) {
        throw new KlingError(
          'invalid-input',
          `Unknown queue action "${action}": use pause, resume, front or status`,
        );
      }
      const { queueCommand } = await loadCommand.queue();
      setExit(await queueCommand(io, action as QueueAction, id, options));
    });

  program
    .command('resume')
    .description('finish renders left unfinished by a crash, kill or Ctrl-C')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (options) => {
      const { resume } = await loadCommand.resume();
      setExit(await resume(io, options, remember));
    });

  program
    .command('retry')
    .description(
      'retry a failed or canceled render (a run that exists is checked again, not paid twice)',
    )
    .argument('<id>', 'render id (see list)')
    .option('--missing', 'partly delivered render: render just the videos WeShop did not deliver')
    .option(
      '--confirm-double-charge',
      'retry a render whose start may have reached WeShop anyway (it may charge twice)',
    )
    .option('--max-credits <n>', 'refuse (exit 5) if the new run is estimated above n credits')
    .option('--json', 'print one JSON object with the result on stdout, nothing else')
    .action(async (id: string, options) => {
      const { retry } = await loadCommand.retry();
      setExit(await retry(io, id, options, remember));
    });

  program
    .command('attach')
    .description(
      'give a render that needs attention the run you found in your WeShop history (named after the render), and collect its videos: nothing is started, no new charge',
    )
    .argument('<id>', 'render id (see list)')
    .argument('<run-id>', "the run's id as WeShop shows it")
    .option('--json', 'print one JSON object with the result on stdout, nothing else')
    .action(async (id: string, runId: string, options) => {
      const { attach } = await loadCommand.attach();
      setExit(await attach(io, id, runId, options, remember));
    });

  program
    .command('list')
    .description('list the renders in the library, newest first, a page at a time')
    .option('--limit <n>', 'how many renders (default 50, at most 20000)')
    .option('--offset <n>', 'skip this many first (the next page)')
    .option('--search <text>', 'only renders whose prompt contains this text (any case)')
    .option('--state <state>', 'only renders in this state (e.g. done, failed, needs-attention)')
    .option('--agent <agent>', 'only renders of this agent (e.g. kling, kling-O1)')
    .option('--model <model>', 'only renders of this model (e.g. Kling_3_0)')
    .option('--json', 'print { total, items } as JSON')
    .action(async (options) => {
      const { list } = await loadCommand.list();
      setExit(await list(io, options));
    });

  program
    .command('show')
    .description("show one render's details and video paths")
    .argument('<id>', 'render id (see list)')
    .option('--json', 'print the manifest as JSON')
    .action(async (id: string, options) => {
      const { show } = await loadCommand.render();
      setExit(await show(io, id, options));
    });

  program
    .command('delete')
    .description(
      'move a render and its files to the OS trash (refused while another process drives it or its start may be on its way to WeShop)',
    )
    .argument('<id>', 'render id (see list)')
    .option(
      '--yes',
      'delete it even if WeShop may still be making (and charging for) its run: its videos will not be collected',
    )
    .action(async (id: string, options) => {
      const { remove } = await loadCommand.render();
      setExit(await remove(io, id, options));
    });

  program
    .command('logs')
    .description(
      'print where the log file is (attach it when you ask for help; it never holds the key)',
    )
    .option('--dir', 'print the logs folder instead of the file')
    .option('--json', 'print JSON: file, folder, exists')
    .action(async (options) => {
      const { logs } = await loadCommand.logs();
      setExit(await logs(io, options));
    });

  const key = program
    .command('key')
    .description('manage the WeShop API key in the system keychain');
  key
    .command('set')
    .description('save a key: typed at a hidden prompt, or piped in on stdin')
    .allowExcessArguments(true)
    .action(async (_options, command: Command) => {
      const { keySet } = await loadCommand.key();
      setExit(await keySet(io, command.args, remember));
    });
  key
    .command('clear')
    .description('remove the key from the keychain')
    .action(async () => {
      const { keyClear } = await loadCommand.key();
      setExit(await keyClear(io));
    });
  key
    .command('status')
    .description('where the key comes from, and its last 4 characters')
    .option('--json', 'print JSON')
    .action(async (options) => {
      const { keyStatus } = await loadCommand.key();
      setExit(await keyStatus(io, options));
    });

  return program;
}

/**
 * The support log (pino, in commands/logs.ts), loaded when a line is first written: most
 * commands never write one and should not pay for its start-up. Lines keep their order;
 * `flushed` waits for them (the log file is written synchronously once the logger is made).
 */
function lazySupportLog(io: CliIo) {
  let writing: Promise<void> = Promise.resolve();
  const write = (level: 'warn' | 'error', message: string, fields: LogFields): void => {
    writing = writing
      .then(async () => {
        const { cliLogger } = await loadCommand.logs();
        cliLogger(io)[level](message, fields);
      })
      .catch((error: unknown) => {
        io.stderr.write(`warning: the support log could not be written: ${messageOf(error)}\n`);
      });
  };
  return { write, flushed: () => writing };
}

/**
 * Runs one command line and returns the exit code. Every failure becomes one line on stderr
 * (`error: …`), never a stack trace and never the key: 2 for input to fix, 1 for the rest.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const secrets = knownSecrets(io.env);
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    (secret) => secrets.push(secret),
  );
  const supportLog = lazySupportLog(io);
  // A process whose liveness cannot be told exactly (library/owner.ts) is the support log's
  // business, also in commands that open the library without a core (delete).
  const stopOwnerProblems = setOwnerProblemFallback((message, fields) =>
    supportLog.write('warn', message, fields),
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (usage errors are input errors).
      return QUIET_EXITS.has(error.code) ? EXIT.ok : EXIT.invalidInput;
    }
    const message = oneLineMessage(error, secrets);
    printError(io, message);
    // The same one line (already free of the key) in the support log, with the command.
    supportLog.write('error', 'command failed', {
      command: argv[0] ?? null,
      message,
      kind: error instanceof KlingError ? error.kind : 'internal',
    });
    return exitCodeFor(error);
  } finally {
    stopOwnerProblems();
    await supportLog.flushed();
  }
}
