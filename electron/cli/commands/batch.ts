import { KlingError, toAppError } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import type { RenderRequest } from '../../../shared/render-request';
import { Settings } from '../../../shared/settings';
import { readBatchFile } from '../batch-file';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { collectResults, printError, printJson, printLine, printResults } from '../output';
import { createProgress } from '../progress';
import { parseWholeNumber, prepareRequest } from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { RESUME_HINT, waitForJobs } from '../wait-jobs';
import { refuseBatchOverBudget } from './credits';

export interface BatchOptions {
  json?: boolean;
  concurrency?: string;
}

export function parseConcurrency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = Settings.shape.concurrency.safeParse(parseWholeNumber(raw));
  if (!parsed.success) {
    throw new KlingError(
      'invalid-input',
      `--concurrency must be a whole number from 1 to 16, not ${raw}`,
    );
  }
  return parsed.data;
}

/**
 * Every row is checked (schema and local image) before anything is queued, and every
 * problem is reported at once: a 50-row file should not need 50 attempts to get right, and a
 * half-queued batch is worse than none.
 */
async function validateRows(
  path: string,
  env: CliIo['env'],
): Promise<{ requests: RenderRequest[]; problems: string[] }> {
  const rows = await readBatchFile(path);
  if (rows.length === 0)
    throw new KlingError('invalid-input', `The batch file has no requests: ${path}`);
  const requests: RenderRequest[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    if (!row.input) {
      problems.push(`row ${row.row}: ${row.problem ?? 'unreadable'}`);
      continue;
    }
    try {
      requests.push(await prepareRequest(row.input, env));
    } catch (error) {
      problems.push(`row ${row.row}: ${toAppError(error).message}`);
    }
  }
  return { requests, problems };
}

/** `batch <file>`: validates all rows, queues them all, waits, and prints a summary. */
export async function batch(
  io: CliIo,
  path: string,
  options: BatchOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const concurrency = parseConcurrency(options.concurrency);
  const { requests, problems } = await validateRows(path, io.env);
  if (problems.length > 0) {
    const rows = problems.length === 1 ? '1 row is' : `${problems.length} rows are`;
    printError(io, `${rows} invalid; nothing was queued`);
    for (const problem of problems) io.stderr.write(`  ${problem}\n`);
    return EXIT.invalidInput;
  }
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    if (concurrency !== undefined) core.engine.setConcurrency(concurrency);
    // Settings → Budget: the whole batch is refused before anything is queued.
    const refused = await refuseBatchOverBudget(core, io, requests);
    if (refused !== null) return refused;
    const queued: RenderManifest[] = [];
    for (const request of requests) queued.push(await core.engine.queue(request));
    const ids = queued.map((m) => m.id);
    const reporter = createProgress(io, { json: options.json === true });
    const outcome = await waitForJobs(core, io, new Set(ids), reporter, queued);
    const { results, exitCode } = await collectResults(core, ids);
    if (options.json) printJson(io, results);
    if (outcome === 'interrupted') {
      printError(io, `stopped; unfinished renders stay in the library: ${RESUME_HINT} them`);
      return EXIT.interrupted;
    }
    printResults(io, results, { json: options.json === true });
    const done = results.filter((r) => r.state === 'done').length;
    const summary = `${done} of ${results.length} renders done`;
    if (options.json) io.stderr.write(`${summary}\n`);
    else printLine(io, summary);
    return exitCode;
  } finally {
    await closeCore(core);
  }
}
