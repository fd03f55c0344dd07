import type { Rng } from './seeded-random';

/** Where in a render's life a process is killed (in this order). */
export const KILL_POINTS = ['queued', 'uploading', 'starting', 'running', 'downloading'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface KillPlan {
  /** SIGKILL = kill -9; SIGINT = Ctrl-C (the process stops by itself, saving what it has). */
  signal: 'SIGKILL' | 'SIGINT';
  /** Killed as soon as one of its renders is here or later (and not finished). */
  at: KillPoint;
}

/** How the next run WeShop creates ends (an emulator fault, taken by whichever start is next). */
export type RunEnding = 'fails' | 'partial';

export type ActionKind = 'generate' | 'resume' | 'retry' | 'retry-missing' | 'delete';

export interface Action {
  n: number;
  kind: ActionKind;
  /** generate (and the fallback of retry/retry-missing/delete when nothing fits): its prompt. */
  prompt: string;
  /** generate: a picture of its own, so every generate really uploads. */
  image: string;
  batch: number;
  ending?: RunEnding;
  /** retry-missing: a second process asks for the same missing videos at the same moment. */
  twice?: boolean;
  /** delete: with --yes (the user confirms deleting a render WeShop may still charge for). */
  confirm?: boolean;
  kill?: KillPlan;
  /** Runs as PID 1 of a PID namespace of its own (where the machine allows it). */
  namespace?: boolean;
}

export interface ScheduleOptions {
  count: number;
  images: readonly string[];
  /** Unique per trial: prompts must never repeat across trials sharing an emulator. */
  promptPrefix: string;
  namespaces: boolean;
}

const KINDS: readonly [ActionKind, number][] = [
  ['generate', 0.4],
  ['resume', 0.15],
  ['retry', 0.15],
  ['retry-missing', 0.15],
  ['delete', 0.15],
];

function pickKind(rng: Rng): ActionKind {
  let roll = rng.next();
  for (const [kind, weight] of KINDS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'generate';
}

/**
 * The whole schedule from the seed: which command, which batch, how its run ends, and where
 * its process dies. Kill points are dealt from a shuffled bag, so every point is planned in
 * every stretch of five kills; the first action is always a generate (something to act on).
 */
export function planSchedule(rng: Rng, options: ScheduleOptions): Action[] {
  let bag: KillPoint[] = [];
  const nextPoint = () => {
    if (bag.length === 0) bag = rng.shuffle(KILL_POINTS);
    return bag.pop() as KillPoint;
  };
  return Array.from({ length: options.count }, (_, n): Action => {
    const kind = n === 0 ? 'generate' : pickKind(rng);
    const batch = rng.int(1, 3);
    const roll = rng.next();
    const ending: RunEnding | undefined =
      roll < 0.15 ? 'fails' : roll < 0.4 && batch > 1 ? 'partial' : undefined;
    const namespace = options.namespaces && kind !== 'delete' && rng.chance(0.25);
    const killed = kind !== 'delete' && rng.chance(0.6);
    const kill: KillPlan | undefined = killed
      ? { signal: !namespace && rng.chance(0.25) ? 'SIGINT' : 'SIGKILL', at: nextPoint() }
      : undefined;
    return {
      n,
      kind,
      prompt: `${options.promptPrefix} #${n}`,
      image: options.images[n % options.images.length] as string,
      batch,
      ...(ending ? { ending } : {}),
      ...(kind === 'retry-missing' ? { twice: rng.chance(0.6) } : {}),
      ...(kind === 'delete' ? { confirm: rng.chance(0.5) } : {}),
      ...(kill ? { kill } : {}),
      ...(namespace ? { namespace } : {}),
    };
  });
}

export function describeAction(a: Action): string {
  const parts: string[] = [a.kind];
  if (a.kind === 'generate') parts.push(`batch ${a.batch}`);
  if (a.ending) parts.push(a.ending === 'fails' ? 'next run fails' : 'next run partial');
  if (a.twice) parts.push('two processes at once');
  if (a.confirm) parts.push('--yes');
  if (a.namespace) parts.push('own PID namespace');
  if (a.kill) parts.push(`${a.kill.signal === 'SIGKILL' ? 'kill -9' : 'Ctrl-C'} at ${a.kill.at}`);
  return parts.join(', ');
}
