import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { z } from 'zod';
import { describeIssues } from '../../shared/render-request';
import { withSlot } from '../library/exclusive';
import { newOwner, retireOwner } from '../library/owner';

/** Told when a file was unreadable or did not match its schema (it is then kept aside). */
export type FileProblem = (message: string, fields: Record<string, unknown>) => void;

export interface LockedJsonFile<T> {
  /** The current content; `empty` when the file does not exist or is unusable. */
  read(): Promise<T>;
  /**
   * Read-modify-write under an inter-process lock (<home>/locks/<name>), written atomically:
   * two processes saving at once both land, neither overwrites the other's change.
   */
  update<R>(change: (current: T) => { next: T; result: R }): Promise<R>;
}

type ReadOutcome<T> = { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'bad'; why: string };

async function readValidated<T>(path: string, schema: z.ZodType<T>): Promise<ReadOutcome<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'bad', why: `unreadable (${code ?? 'unknown error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', why: 'not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { kind: 'ok', value: parsed.data }
    : { kind: 'bad', why: `does not match (${describeIssues(parsed.error)})` };
}

/** A small JSON document in the library home shared by the app and every CLI process. */
export function lockedJsonFile<T>(options: {
  home: string;
  fileName: string;
  schema: z.ZodType<T>;
  empty: () => T;
  onProblem: FileProblem;
}): LockedJsonFile<T> {
  const path = join(options.home, options.fileName);
  const lockDir = join(options.home, 'locks', options.fileName.replace(/\.json$/, ''));

  async function read(): Promise<T> {
    const outcome = await readValidated(path, options.schema);
    if (outcome.kind === 'ok') return outcome.value;
    if (outcome.kind === 'bad') {
      options.onProblem(`${options.fileName} is ${outcome.why}; treated as empty`, { path });
    }
    return options.empty();
  }

  async function update<R>(change: (current: T) => { next: T; result: R }): Promise<R> {
    const owner = newOwner(randomUUID().replaceAll('-', '').slice(0, 16), options.home);
    try {
      return await withSlot(options.home, lockDir, owner, async () => {
        const outcome = await readValidated(path, options.schema);
        if (outcome.kind === 'bad') {
          // Never overwrite what we cannot read: keep it next to the new file for the user.
          const aside = `${path}.unusable-${Date.now()}`;
          await rename(path, aside);
          options.onProblem(`${options.fileName} was ${outcome.why}; kept as ${aside}`, { path });
        }
        const current = outcome.kind === 'ok' ? outcome.value : options.empty();
        const { next, result } = change(current);
        await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`);
        return result;
      });
    } finally {
      await retireOwner(owner);
    }
  }

  return { read, update };
}
