import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES } from '../emulator/fixtures';
import type { RunningEmulator } from '../emulator/server';
import { runChild } from './child';
import { median } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROUNDS = 15;
const FIVE_MB = 5 * 1000 * 1000;
const TARGET = 1.2;
/** Milliseconds with a decimal: these are a few ms each. */
const formatMs = (ms: number) => `${ms.toFixed(1)} ms`;

interface QueueStartResult {
  bareMs: number[];
  toLeaveMs: number[];
  toAnswerMs: number[];
}

/** A real JPEG (the fixture) followed by random bytes: decoders stop at its end. */
async function makeImage(path: string, size: number): Promise<void> {
  const jpeg = await readFile(FIXTURES.jpegImage);
  await writeFile(path, Buffer.concat([jpeg, randomBytes(size - jpeg.length)]));
}

const uploadsOn = (emulator: RunningEmulator) =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/assets/images'),
  ).length;

/**
 * Upload once, measured: Queue render for a 5 MB local image already picked (uploaded at pick
 * time) until WeShop answered the start, against a bare start request. The ratio is
 * (Queue → start answered) / (bare start → answered): what queueing adds before the start
 * leaves must stay under 0.2× a start's own round trip.
 */
export async function benchQueueStart(
  emulator: RunningEmulator,
  workDir: string,
): Promise<{ row: Row; note: string }> {
  const image = join(workDir, 'picked-5mb.jpg');
  await makeImage(image, FIVE_MB);
  const uploadsBefore = uploadsOn(emulator);
  const result = await runChild<QueueStartResult>('./queue-start.child.ts', {
    apiBase: emulator.apiBase,
    apiKey: emulator.apiKey,
    image,
    rounds: ROUNDS,
  });
  const uploads = uploadsOn(emulator) - uploadsBefore;
  if (uploads !== 1) throw new Error(`expected one upload (at pick), saw ${uploads}`);
  const bare = median(result.bareMs);
  const toAnswer = median(result.toAnswerMs);
  const toLeave = median(result.toLeaveMs);
  const ratio = toAnswer / bare;
  const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');
  return {
    row: {
      what: 'Queue → start answered, 5 MB local image already picked',
      ours: formatMs(toAnswer),
      reference: `bare start ${formatMs(bare)}`,
      ratio: formatRatio(ratio),
      target: `≤ ${TARGET}× the bare start`,
      verdict: verdictOf(ratio <= TARGET),
    },
    note: `Queue → start: one child process with the real core (library, engine, WeShop client) on a fresh library, the emulator in the parent. The image (the JPEG fixture padded to 5 MB) is picked first: image:prepare uploads it (exactly ${uploads} upload on the emulator for the whole row, so no Queue uploaded again). Then ${ROUNDS} rounds alternate which goes first: Queue = the app's render:queue IPC handler (path and image checks, engine.queue: render folder with its source copy, claim, the runner's manifest writes, startSentAt on disk) until the start's answer; bare = core.api.startRun with the same body and a new Idempotency-Key. Times come from the fetch the client sends through (performance.now in the child). Median Queue → start request handed to fetch: ${formatMs(toLeave)} (the row's ratio is stricter: Queue → answered over bare → answered). Per round, ms — Queue → start leaves: ${list(result.toLeaveMs)}; Queue → answered: ${list(result.toAnswerMs)}; bare: ${list(result.bareMs)}.`,
  };
}
