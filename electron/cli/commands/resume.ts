import { isTerminal, JobState } from '../../../shared/job';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { collectResults, printError, printJson, printLine, printResults } from '../output';
import { createProgress } from '../progress';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { RESUME_HINT, waitForJobs } from '../wait-jobs';

export interface ResumeOptions {
  json?: boolean;
}

/**
 * `resume`: finishes every render a crash, a kill or Ctrl-C left unfinished (polls runs that
 * have an id, downloads the rest of partial files), then lists what still needs a person:
 * needs-attention renders are never started again on their own, because that could charge twice.
 */
export async function resume(
  io: CliIo,
  options: ResumeOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const secrets = openSecrets(io);
  const core = await openCore(io, secrets);
  try {
    // Without a key every resumed job would fail at once: say so and leave them untouched.
    const unfinished = JobState.options.filter((state) => !isTerminal(state));
    if ((await core.library.list({ states: unfinished, limit: 1 })).total > 0)
      rememberSecret(await requireKey(secrets));
    const summary = await core.engine.resume();
    const ids = summary.resumed;
    const elsewhere = summary.ownedElsewhere ?? [];
    const recovered = summary.recovered ?? [];
    for (const r of recovered) {
      // Said even with --json (on stderr): a paid run came back that was about to be lost.
      const from = r.from === 'journal' ? 'the started-runs journal' : 'the support log';
      const next = ids.includes(r.id)
        ? 'collecting it'
        : `\`kling-studio retry ${r.id}\` collects it (no new charge)`;
      io.stderr.write(
        `Recovered run ${r.executionId} of ${r.id} from ${from} (its id never reached render.json); ${next}\n`,
      );
    }
    if (ids.length > 0 && !options.json) {
      io.stderr.write(`Resuming ${ids.length} render${ids.length === 1 ? '' : 's'}\n`);
    }
    if (elsewhere.length > 0 && !options.json) {
      // Another live process (the app, another CLI) is driving them: starting them here too
      // could pay twice, so they are left alone.
      const s = elsewhere.length === 1 ? '' : 's';
      io.stderr.write(
        `Left ${elsewhere.length} render${s} to the Kling Studio process already working on ${elsewhere.length === 1 ? 'it' : 'them'}: ${elsewhere.join(', ')}\n`,
      );
    }
    const started = await Promise.all(ids.map((id) => core.library.read(id)));
    const reporter = createProgress(io, { json: options.json === true });
    const outcome = await waitForJobs(
      core,
      io,
      new Set(ids),
      reporter,
      started.filter((m) => m !== null),
    );
    const { results, allComplete } = await collectResults(core, ids);
    const attention = (await core.library.list({ state: 'needs-attention', sort: 'oldest' })).items;
    if (options.json) {
      const attentionResults = (
        await collectResults(
          core,
          attention.map((m) => m.id),
        )
      ).results;
      printJson(io, {
        finished: results,
        needsAttention: attentionResults,
        ownedElsewhere: elsewhere,
        recovered,
      });
    }
    if (outcome === 'interrupted') {
      printError(io, `stopped; ${RESUME_HINT} the rest`);
      return EXIT.interrupted;
    }
    if (!options.json) {
      if (ids.length === 0 && attention.length === 0 && elsewhere.length === 0)
        printLine(io, 'Nothing to resume.');
      printResults(io, results);
    }
    for (const m of attention) {
      printError(io, `${m.id} needs attention: ${m.error?.message ?? 'check this render'}`);
    }
    return allComplete && attention.length === 0 ? EXIT.ok : EXIT.failed;
  } finally {
    await closeCore(core);
  }
}
