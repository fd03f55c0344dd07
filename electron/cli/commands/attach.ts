import { canAttachRun, RunId, whyNotAttachable } from '../../../shared/attach';
import { KlingError, renderNotFound } from '../../../shared/errors';
import { describeIssues } from '../../../shared/render-request';
import { followOneJob } from '../follow-job';
import type { CliIo } from '../io';
import { closeCore, openCore, openSecrets, requireKey } from '../session';

/**
 * `attach <id> <run id>`: the way back for a render that needs attention without paying
 * twice. The run the user found in WeShop's history (named after the render) is checked
 * against the render and collected like any started render; nothing is ever started. Follows
 * the render to its end like `retry`. Refusals (a malformed id, a render not waiting for a
 * run, a run that does not match or belongs to another render) exit 2 with the render as it was.
 */
export async function attach(
  io: CliIo,
  id: string,
  runIdInput: string,
  options: { json?: boolean },
  rememberSecret: (secret: string) => void,
): Promise<number> {
  // A bad id is input to fix: refused before the library or the key is even opened.
  const parsed = RunId.safeParse(runIdInput);
  if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
  const runId = parsed.data;
  const secrets = openSecrets(io);
  const core = await openCore(io, secrets);
  try {
    const before = await core.library.read(id);
    if (!before) throw renderNotFound(id, 'see `kling-studio list`');
    if (!canAttachRun(before)) throw new KlingError('invalid-input', whyNotAttachable(before).text);
    rememberSecret(await requireKey(secrets));
    const manifest = await core.engine.attach(id, runId);
    if (!options.json) {
      io.stderr.write(`Attached run ${runId} to ${id}: collecting its videos (no new charge)\n`);
    }
    return await followOneJob(core, io, manifest, options);
  } finally {
    await closeCore(core);
  }
}
