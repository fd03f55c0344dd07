import { KlingError } from '../../../shared/errors';
import type { QueueSteering } from '../../../shared/queue';
import { SetId } from '../../../shared/variations';
import { mergedOrder } from '../../engine/queue-order';
import { fileQueueStore, QUEUE_FILE } from '../../engine/queue-store';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { libraryHome, openLibrary } from '../open-library';
import { printJson, printLine } from '../output';

/**
 * `kling-studio queue pause|resume [--set ID]`, `queue front ID`, `queue status`: the steering
 * in <home>/queue.json, which every process on the library applies to the renders it drives
 * (the app within a second, a CLI run at its start and within a second after). This command
 * drives nothing itself and never sends a request: it only writes the steering.
 */
export type QueueAction = 'pause' | 'resume' | 'front' | 'status';

const WHO =
  'the app and every kling-studio process on this library apply it to their renders not yet started (a running app within a second); renders already under way finish';

function storeFor(io: CliIo) {
  return fileQueueStore({
    home: libraryHome(io),
    watchMs: 0,
    onProblem: (message) => io.stderr.write(`${message}\n`),
  });
}

function checkedSet(set: string | undefined): string | undefined {
  if (set === undefined) return undefined;
  const parsed = SetId.safeParse(set);
  if (!parsed.success) {
    throw new KlingError(
      'invalid-input',
      `--set ${set} is not a set id (they look like set-…; \`kling-studio show <render id>\` names a render's set)`,
    );
  }
  return parsed.data;
}

async function setPause(io: CliIo, pause: boolean, set: string | undefined) {
  const setId = checkedSet(set);
  return storeFor(io).update((current): QueueSteering => {
    if (setId === undefined) return { ...current, paused: pause };
    const others = current.pausedSets.filter((id) => id !== setId);
    return { ...current, pausedSets: pause ? [...others, setId] : others };
  });
}

/** Only a render queued and not started can move: refused, saying why, before any write. */
async function moveToFront(io: CliIo, id: string) {
  const library = openLibrary(io, { readOnly: true });
  try {
    const manifest = await library.read(id);
    if (!manifest) throw new KlingError('invalid-input', `No render with id ${id}`);
    if (manifest.state !== 'queued' || manifest.startSentAt) {
      throw new KlingError(
        'invalid-input',
        `Render ${id} is ${manifest.state}${manifest.startSentAt ? ' (its start was sent)' : ''}: only a render still waiting to start can move.`,
      );
    }
  } finally {
    await library.close().catch(() => undefined);
  }
  return storeFor(io).update((current) => ({
    ...current,
    order: mergedOrder(current.order, [id]),
  }));
}

function summary(
  action: QueueAction,
  steering: QueueSteering,
  set: string | undefined,
  id?: string,
) {
  if (action === 'front') return `Render ${id} starts next among the waiting ones: ${WHO}.`;
  const what = set ? `Set ${set}` : 'The whole queue';
  if (action === 'pause')
    return `${what} is paused: ${WHO}. Undo with \`kling-studio queue resume${set ? ` --set ${set}` : ''}\`.`;
  if (action === 'resume') return `${what} is resumed: ${WHO}.`;
  const sets = steering.pausedSets.length ? steering.pausedSets.join(', ') : 'none';
  return `Queue ${steering.paused ? 'paused' : 'running'}; paused sets: ${sets}; ${steering.order.length} renders have a place in the order (${QUEUE_FILE}).`;
}

export async function queueCommand(
  io: CliIo,
  action: QueueAction,
  id: string | undefined,
  options: { set?: string; json?: boolean },
): Promise<number> {
  let steering: QueueSteering;
  if (action === 'pause' || action === 'resume') {
    steering = await setPause(io, action === 'pause', options.set);
  } else if (action === 'front') {
    if (!id)
      throw new KlingError('invalid-input', 'Name the render: `kling-studio queue front <id>`');
    steering = await moveToFront(io, id);
  } else {
    steering = await storeFor(io).load();
  }
  if (options.json) printJson(io, steering);
  else printLine(io, summary(action, steering, options.set, id));
  return EXIT.ok;
}
