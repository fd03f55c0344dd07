import { randomUUID } from 'node:crypto';
import { appendFile, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { diskError } from '../library/disk-errors';
import { manifestPath, startedRunsPath } from '../library/layout';
import type { Library, ManifestMutation } from '../library/library';
import { createLogger, LOG_FILE_NAME, logsDir } from '../logging/logger';
import { createHarness, type Harness, waitFor } from './testing/harness';
import type { EngineLog, UnsavedRun } from './types';

/*
 * A paid run's id that never reached render.json (a full disk, then the process ended) is
 * not lost: resume finds it in the started-runs journal or the support log. And a stop does
 * not end the save of such an id; only a forced quit does.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };
const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;
const sentAt = '2025-03-01T09:59:00.000Z';
/** The support-log lines that carry a run id (electron/engine/recover-run-ids.ts RUN_ID_LOG). */
const STARTED = 'WeShop started a run; saving its id';
const SAVE_FAILED = 'could not save the run id; trying again';
const GAVE_UP = 'gave up saving the run id; resume recovers it from the log';

/** A render whose start was sent and whose answer never reached render.json. */
async function startedWithoutId(mutate: ManifestMutation = () => undefined) {
  const created = await h.library.create(local);
  const manifest = await h.library.update(created.id, (m) => {
    Object.assign(m, {
      state: 'starting',
      startSentAt: sentAt,
      uploadedImageUrl: 'https://u/1.png',
    });
    return mutate(m);
  });
  await h.library.flush();
  return manifest;
}

/** Support-log lines as the app and the CLI write them (pino JSON lines). */
function supportLog(file = LOG_FILE_NAME) {
  const dir = logsDir(h.home);
  const logger = createLogger({ dir, bindings: { proc: 'cli' } });
  return {
    logger,
    /** Moves what was written to a rotated file name (as rotation does). */
    async rotateTo(name: string) {
      await rename(join(dir, LOG_FILE_NAME), join(dir, name));
    },
    file: join(dir, file),
  };
}

const enospc = (path: string) =>
  diskError(
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    path,
  );

/** A library whose update() throws `fail()`'s error while it returns one (the run id's save). */
function refusingRunIds(library: Library, fail: (current: RenderManifest) => unknown): Library {
  return {
    ...library,
    async update(id, mutate) {
      const current = await library.read(id);
      if (current && !current.executionId) {
        const draft = structuredClone(current);
        const next = mutate(draft) ?? draft;
        const error = next.executionId ? fail(current) : null;
        if (error) throw error;
      }
      return library.update(id, mutate);
    },
  };
}

describe('resume recovers a run id that never reached render.json', () => {
  it('from the support log: the run is collected, no new start', async () => {
    h = await createHarness();
    const job = await startedWithoutId();
    supportLog().logger.info(STARTED, { id: job.id, executionId: 'exec-lost' });
    h.fake.addRun('exec-lost', { states: ['Success'] });

    const summary = await h.engine.resume();
    expect(summary).toEqual({
      resumed: [job.id],
      needsAttention: [],
      recovered: [{ id: job.id, executionId: 'exec-lost', from: 'log' }],
    });
    await h.engine.idle();
    const m = await onDisk(job.id);
    expect(m).toMatchObject({ state: 'done', executionId: 'exec-lost' });
    expect(m.history.map((e) => e.message)).toContain(
      'Recovered run exec-lost from the support log',
    );
    expect(h.fake.calls.start).toEqual([]);
    expect(h.fake.calls.getRun).toContain('exec-lost');
  });

  it('from a rotated log file, and from the error line alone (KLING_LOG_LEVEL=error)', async () => {
    h = await createHarness();
    const job = await startedWithoutId();
    const log = supportLog();
    log.logger.error(SAVE_FAILED, {
      id: job.id,
      executionId: 'exec-rotated',
      attempt: 1,
      error: 'The disk holding … is full',
    });
    await log.rotateTo(`${LOG_FILE_NAME}.3`);
    // Newer lines in the current file, about other things.
    const after = supportLog();
    after.logger.info('job state', { job: job.id, from: 'uploading', to: 'starting' });
    h.fake.addRun('exec-rotated', { states: ['Success'] });

    expect((await h.engine.resume()).recovered).toEqual([
      { id: job.id, executionId: 'exec-rotated', from: 'log' },
    ]);
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'done', executionId: 'exec-rotated' });
    expect(h.fake.calls.start).toEqual([]);
  });

  it('from the started-runs journal, with the credits WeShop reported', async () => {
    h = await createHarness();
    const job = await startedWithoutId();
    const record = {
      id: job.id,
      executionId: 'exec-journal',
      idempotencyKey: job.idempotencyKey,
      at: '2025-03-01T09:59:01.000Z',
      credits: { powerConsumption: 40, powerBalanceAmount: 960 },
    };
    await appendFile(startedRunsPath(h.home), `${JSON.stringify(record)}\n`);
    h.fake.addRun('exec-journal', { states: ['Success'] });

    expect((await h.engine.resume()).recovered).toEqual([
      { id: job.id, executionId: 'exec-journal', from: 'journal' },
    ]);
    await h.engine.idle();
    const m = await onDisk(job.id);
    expect(m).toMatchObject({
      state: 'done',
      executionId: 'exec-journal',
      credits: record.credits,
    });
    expect(m.history.map((e) => e.message)).toContain(
      'Recovered run exec-journal from the started-runs journal',
    );
  });

  it('a render already needs-attention from an earlier start-up is recovered too', async () => {
    h = await createHarness();
    const job = await startedWithoutId();
    expect(await h.engine.resume()).toEqual({ resumed: [], needsAttention: [job.id] });
    expect((await onDisk(job.id)).state).toBe('needs-attention');
    await h.engine.close();

    // The line is found later (e.g. a log copied back, or an older version never looked).
    supportLog().logger.info(STARTED, { id: job.id, executionId: 'exec-late' });
    h.fake.addRun('exec-late', { states: ['Success'] });
    const next = await h.restart();
    expect((await next.engine.resume()).recovered).toEqual([
      { id: job.id, executionId: 'exec-late', from: 'log' },
    ]);
    await next.engine.idle();
    const m = await onDisk(job.id);
    expect(m).toMatchObject({ state: 'done', executionId: 'exec-late' });
    expect(m.error).toBeUndefined();
    expect(h.fake.calls.start).toEqual([]);
  });

  it('a render the user stopped waiting for keeps its state, now with the run id', async () => {
    h = await createHarness();
    const job = await startedWithoutId((m) => {
      m.state = 'canceled';
      m.error = {
        kind: 'canceled',
        message: 'Stopped waiting while the start request was on its way.',
      };
    });
    supportLog().logger.info(STARTED, { id: job.id, executionId: 'exec-stopped' });
    const summary = await h.engine.resume();
    expect(summary.resumed).toEqual([]);
    expect(summary.recovered).toEqual([{ id: job.id, executionId: 'exec-stopped', from: 'log' }]);
    await h.engine.idle();
    const m = await onDisk(job.id);
    expect(m).toMatchObject({ state: 'canceled', executionId: 'exec-stopped' });
    expect(m.error?.message).toMatch(/Check again/);
    expect(h.fake.calls.getRun).toEqual([]);
  });

  it('no line for this start: needs-attention as before (another render, an earlier start, another key)', async () => {
    h = await createHarness();
    const job = await startedWithoutId();
    const { logger } = supportLog();
    logger.info(STARTED, { id: 'someone-else-1', executionId: 'exec-other' });
    logger.info(STARTED, { id: job.id, executionId: 'exec-key', idempotencyKey: randomUUID() });
    logger.info('job state', { job: job.id, executionId: 'exec-unrelated' });
    // A run of an earlier start of this render (a Retry that started a new run since).
    await appendFile(
      startedRunsPath(h.home),
      `${JSON.stringify({ id: job.id, executionId: 'exec-old-key', idempotencyKey: randomUUID(), at: '2025-03-01T09:59:30.000Z' })}\n`,
    );
    await appendFile(
      startedRunsPath(h.home),
      `${JSON.stringify({ id: job.id, executionId: 'exec-before', idempotencyKey: job.idempotencyKey, at: '2025-03-01T09:58:00.000Z' })}\n{"torn":`,
    );

    expect(await h.engine.resume()).toEqual({ resumed: [], needsAttention: [job.id] });
    const m = await onDisk(job.id);
    expect(m.state).toBe('needs-attention');
    expect(m.executionId).toBeUndefined();
    expect(h.fake.calls.start).toEqual([]);
  });
});

describe('saving a paid run id on a full disk', () => {
  it('a stop (Ctrl-C, close) does not end the save: it keeps trying and the id is saved', async () => {
    h = await createHarness();
    let failures = 0;
    const library = refusingRunIds(h.library, (current) =>
      failures++ < 6 ? enospc(manifestPath(h.home, current.id)) : null,
    );
    const { engine } = await h.restart({ library });
    const unsaved: UnsavedRun[] = [];
    const saved: UnsavedRun[] = [];
    engine.on('run:unsaved', (run) => unsaved.push(run));
    engine.on('run:saved', (run) => saved.push(run));
    const job = await engine.queue(local);
    await waitFor(() => unsaved.length > 0, 'a failed save of the run id');
    expect(engine.unsavedRuns()).toEqual([
      {
        id: job.id,
        executionId: 'exec-1',
        problem: `free space on ${h.library.folderOf(job.id)}`,
        journaled: true,
      },
    ]);

    await engine.close(); // the first Ctrl-C: stop
    expect(failures).toBe(7); // six refused, then saved
    const m = await onDisk(job.id);
    expect(m).toMatchObject({ state: 'running', executionId: 'exec-1' });
    expect(saved.map((r) => r.id)).toEqual([job.id]);
    expect(engine.unsavedRuns()).toEqual([]);
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('a forced quit (the second Ctrl-C) gives it up, says so in the log, and resume recovers it', async () => {
    h = await createHarness();
    let failures = 0;
    const library = refusingRunIds(h.library, (current) => {
      failures++;
      return enospc(manifestPath(h.home, current.id));
    });
    const lines: { message: string; fields: Record<string, unknown> }[] = [];
    const record =
      (level: string): EngineLog['info'] =>
      (fields, message) =>
        lines.push({ message: `${level} ${message}`, fields });
    const log: EngineLog = { info: record('info'), warn: record('warn'), error: record('error') };
    const { engine } = await h.restart({ library, log });
    const job = await engine.queue(local);
    await waitFor(() => failures > 0, 'a failed save of the run id');

    const stopping = engine.close();
    // Still trying after the stop (it used to give up after three attempts).
    await waitFor(() => failures >= 6, 'more attempts after the stop');
    await engine.close({ force: true });
    await stopping;

    expect(lines.map((l) => l.message)).toContain(`error ${GAVE_UP}`);
    const gaveUp = lines.find((l) => l.message === `error ${GAVE_UP}`);
    expect(gaveUp?.fields).toMatchObject({ id: job.id, executionId: 'exec-1' });
    expect(engine.unsavedRuns()).toEqual([]);
    const m = await onDisk(job.id);
    expect(m.executionId).toBeUndefined();
    const journal = (await readFile(startedRunsPath(h.home), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(journal).toMatchObject([
      { id: job.id, executionId: 'exec-1', idempotencyKey: m.idempotencyKey },
    ]);

    // Space is back: the next start-up collects the run without starting it again.
    const next = await h.restart();
    expect((await next.engine.resume()).recovered).toEqual([
      { id: job.id, executionId: 'exec-1', from: 'journal' },
    ]);
    await next.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'done', executionId: 'exec-1' });
    expect(h.fake.calls.start).toHaveLength(1);
  });
});
