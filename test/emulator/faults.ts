import type { ExecutionOutcome, Fault, FaultRule } from './types';

type Origin = 'api' | 'cdn';

/** Faults that only make sense on a download default to the CDN origin; all others to the API. */
const CDN_DEFAULT_KINDS: ReadonlySet<Fault['kind']> = new Set([
  'cut-download',
  'wrong-content-length',
]);

/** Faults that shape the run a start creates rather than the answer to a request. */
const RUN_KINDS: ReadonlySet<Fault['kind']> = new Set(['run-fails', 'mixed-executions']);

/** Where a poll-envelope fault goes when the rule names no match: poll answers only. */
const POLL_MATCH: NonNullable<FaultRule['match']> = {
  method: 'GET',
  path: /\/agent\/runs\/[^/?]+(\?.*)?$/,
};

/**
 * Faults that depend on what a body asks for: the route takes them (and counts them down) only
 * when the body is one they refuse, so `take` leaves them alone.
 */
const BODY_KINDS: ReadonlySet<Fault['kind']> = new Set(['last-frame-unsupported']);

/** Where a last-frame-unsupported fault goes when the rule names no match: starts and estimates. */
const START_OR_ESTIMATE_MATCH: NonNullable<FaultRule['match']> = {
  method: 'POST',
  path: /\/agent\/(runs|power-estimates)(\?.*)?$/,
};

/** The match a rule gets when it names none (undefined: any request of its default origin). */
function defaultMatch(kind: Fault['kind']): FaultRule['match'] {
  if (kind === 'poll-envelope') return POLL_MATCH;
  if (kind === 'last-frame-unsupported') return START_OR_ESTIMATE_MATCH;
  return undefined;
}

/** How the run a start creates must end (a run-fails or mixed-executions fault). */
export type RunEnding =
  | { failReason: string }
  | { outcomes: ExecutionOutcome[]; outcomeReason?: string };

interface ActiveRule {
  fault: Fault;
  origin: Origin;
  method: string | undefined;
  path: RegExp | string | undefined;
  left: number;
}

/** Injected faults, first-injected first; each counts down per matching request. */
export class FaultBook {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    // A server that refuses last frames refuses every one, unless told otherwise.
    const left =
      rule.times ?? (rule.fault.kind === 'last-frame-unsupported' ? Number.POSITIVE_INFINITY : 1);
    if (!(left > 0)) return;
    const match = rule.match ?? defaultMatch(rule.fault.kind);
    this.rules.push({
      fault: rule.fault,
      origin: match?.origin ?? (CDN_DEFAULT_KINDS.has(rule.fault.kind) ? 'cdn' : 'api'),
      method: match?.method?.toUpperCase(),
      path: match?.path,
      left,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any (run faults are not request faults: see takeRunEnding). */
  take(origin: Origin, method: string, path: string): Fault | undefined {
    return this.consume(
      (rule) =>
        !RUN_KINDS.has(rule.fault.kind) &&
        !BODY_KINDS.has(rule.fault.kind) &&
        matches(rule, origin, method, path),
    );
  }

  /**
   * Whether a last-frame-unsupported fault refuses this request; the route asks only for a
   * valid body that carries a last frame, so only those count against `times`.
   */
  takeLastFrameRefusal(method: string, path: string): boolean {
    const fault = this.consume(
      (rule) => rule.fault.kind === 'last-frame-unsupported' && matches(rule, 'api', method, path),
    );
    return fault !== undefined;
  }

  /** How the run this start creates must end, if a run-fails/mixed-executions fault waits. */
  takeRunEnding(method: string, path: string): RunEnding | undefined {
    const fault = this.consume(
      (rule) => RUN_KINDS.has(rule.fault.kind) && matches(rule, 'api', method, path),
    );
    if (fault?.kind === 'run-fails') return { failReason: fault.reason };
    if (fault?.kind === 'mixed-executions') {
      return fault.reason === undefined
        ? { outcomes: [...fault.outcomes] }
        : { outcomes: [...fault.outcomes], outcomeReason: fault.reason };
    }
    return undefined;
  }

  private consume(test: (rule: ActiveRule) => boolean): Fault | undefined {
    const rule = this.rules.find(test);
    if (rule === undefined) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}

/** A string path matches when the path (query left off) ends with it; a RegExp sees the whole path. */
function matches(rule: ActiveRule, origin: Origin, method: string, path: string): boolean {
  if (rule.origin !== origin) return false;
  if (rule.method !== undefined && rule.method !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return (path.split('?')[0] ?? '').endsWith(rule.path);
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

/** A copy of a JSON value with unknown fields added to every object, at every depth. */
export function withUnexpectedFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnexpectedFields);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = withUnexpectedFields(inner);
  copy.emulatorUnknownString = 'clients must ignore this';
  copy.emulatorUnknownObject = { nested: [1, 2, 3], flag: true };
  return copy;
}
