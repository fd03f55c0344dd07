import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../../shared/errors';
import { type RenderManifest, startOutcomeUnknown } from '../../shared/job';
import { appendStartedRun, readStartedRuns, type StartedRunRecord } from '../library/started-runs';
import { LOG_FILE_NAME, logsDir } from '../logging/logger';

/*
 * A run WeShop started is paid for; its id must reach render.json. When that write fails (a
 * full disk, a folder made read-only) and the process ends anyway, the id is still written in
 * two other places: the started-runs journal (library/started-runs.ts) and the support log.
 * `resume` and the app's start-up look there before calling such a render needs-attention.
 */

/** Support-log lines that name a render (`id`) with the run id WeShop answered for it. */
export const RUN_ID_LOG = {
  started: 'WeShop started a run; saving its id',
  saveFailed: 'could not save the run id; trying again',
  saved: 'run id saved',
  gaveUp: 'gave up saving the run id; resume recovers it from the log',
} as const;
const RUN_ID_MESSAGES: readonly string[] = Object.values(RUN_ID_LOG);

export interface FoundRunId {
  id: string;
  executionId: string;
  /** When the answer came; absent when the line did not say. */
  at?: string;
  /** The start's Idempotency-Key (a Retry that started a new run has another), when known. */
  idempotencyKey?: string;
  credits?: StartedRunRecord['credits'];
  source: 'journal' | 'log';
}

/** Where run ids are written besides render.json, and read back. */
export interface RunIdStore {
  /** Appends to the started-runs journal (throws on failure: the caller logs it). */
  record(record: StartedRunRecord): Promise<void>;
  /** Every run id the journal and the support log (rotated files too) know of. */
  find(): Promise<FoundRunId[]>;
}

/** The support log's files, oldest first: kling-studio.log.N … .1, then the current one. */
async function logFilesOldestFirst(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const rotated = names
    .map((name) => ({ name, n: Number(name.slice(LOG_FILE_NAME.length + 1)) }))
    .filter(({ name, n }) => name.startsWith(`${LOG_FILE_NAME}.`) && Number.isInteger(n) && n > 0)
    .sort((a, b) => b.n - a.n)
    .map(({ name }) => join(dir, name));
  return names.includes(LOG_FILE_NAME) ? [...rotated, join(dir, LOG_FILE_NAME)] : rotated;
}

function runIdOfLine(line: string): FoundRunId | null {
  // Cheap test first: a log holds many lines and few of them name a run id.
  if (!line.includes('"executionId"')) return null;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null; // cut short (a crash, a full disk)
  }
  const { msg, id, executionId, time, idempotencyKey } = record;
  if (typeof msg !== 'string' || !RUN_ID_MESSAGES.includes(msg)) return null;
  if (typeof id !== 'string' || typeof executionId !== 'string' || !executionId) return null;
  return {
    id,
    executionId,
    source: 'log',
    ...(typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? { at: time } : {}),
    // The "started" line carries it (older lines do not): it tells this start's run apart.
    ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
  };
}

/** Run ids named in the support log under `dir` (every rotated file that is still there). */
export async function readLogRunIds(dir: string): Promise<FoundRunId[]> {
  const found: FoundRunId[] = [];
  for (const file of await logFilesOldestFirst(dir)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const record = runIdOfLine(line);
      if (record) found.push(record);
    }
  }
  return found;
}

/** The journal and the support log of the library at `home` (`log`: the engine's, pino-shaped). */
export function homeRunIdStore(
  home: string,
  log: { warn: (fields: Record<string, unknown>, message: string) => void },
): RunIdStore {
  return {
    record: (record) => appendStartedRun(home, record),
    async find() {
      const [journal, logged] = await Promise.all([
        readStartedRuns(home).catch((error: unknown) => {
          log.warn({ error: messageOf(error) }, 'could not read the started-runs journal');
          return [] as StartedRunRecord[];
        }),
        readLogRunIds(logsDir(home)),
      ]);
      const fromJournal = journal.map(
        ({ id, executionId, at, idempotencyKey, credits }): FoundRunId => ({
          id,
          executionId,
          at,
          idempotencyKey,
          ...(credits ? { credits } : {}),
          source: 'journal',
        }),
      );
      return [...fromJournal, ...logged];
    },
  };
}

type StartFacts = Pick<RenderManifest, 'id' | 'idempotencyKey' | 'startSentAt' | 'executionId'>;

/**
 * The run id a render whose start outcome is unknown got after its last start was sent, or
 * null. A record of an earlier start (before startSentAt, or another Idempotency-Key: a Retry
 * that started a new run) is not this start's. The journal wins over the log (it has credits).
 */
export function runIdFor(found: readonly FoundRunId[], m: StartFacts): FoundRunId | null {
  if (!startOutcomeUnknown(m) || !m.startSentAt) return null;
  const sentAt = Date.parse(m.startSentAt);
  const matches = found.filter(
    (r) =>
      r.id === m.id &&
      (r.idempotencyKey === undefined || r.idempotencyKey === m.idempotencyKey) &&
      (r.at === undefined || Date.parse(r.at) >= sentAt),
  );
  const time = (r: FoundRunId) => (r.at === undefined ? 0 : Date.parse(r.at));
  const rank = (r: FoundRunId) => (r.source === 'journal' ? 1 : 0);
  matches.sort((a, b) => time(a) - time(b) || rank(a) - rank(b));
  const last = matches.at(-1);
  if (!last) return null;
  return matches.find((r) => r.executionId === last.executionId && r.source === 'journal') ?? last;
}

/** How a history entry names where a run id was found. */
export const foundIn = (r: FoundRunId) =>
  r.source === 'journal' ? 'the started-runs journal' : 'the support log';
