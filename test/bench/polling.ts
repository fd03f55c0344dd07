import { DEFAULT_POLL_POLICY, type PollPolicy } from '../../electron/engine/poll-policy';
import { pollNaively } from './poll-naive';
import { pollWithEngine } from './poll-ours';
import { POLL_RUNS, summarise } from './poll-setup';
import { formatMs, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROUNDS = 3;

/** The policy in words, from its own figures, so the note cannot go stale. */
const describePolicy = (p: PollPolicy) =>
  `${p.initialDelayMs / 1000} s for the first ${p.backoffAfterMs / 1000} s, ramping to ${p.maxDelayMs / 1000} s over ${p.rampMs / 1000} s, up to ${p.jitter * 100}% jitter, global cap ${p.maxRequests} requests per ${p.perMs / 1000} s`;

/** Our poller against naive 1 s polling on the same 100 runs, in virtual time. */
export async function benchPolling(): Promise<{ rows: Row[]; note: string }> {
  // The naive poller is deterministic (a request every second per run), so one round of it
  // is its figure; ours has random jitter and a shared limiter, so it gets several.
  const naiveRound = summarise(await pollNaively(1));
  const rounds = await repeat(ROUNDS, async (round) => ({
    ours: summarise(await pollWithEngine(round + 1)),
    naive: round === 0 ? naiveRound : null,
  }));
  const ours = median(rounds.map((r) => r.ours.perRunPerMinute));
  const naive = naiveRound.perRunPerMinute;
  // The worst round counts for lateness: "every finish" means every one, in every round.
  const worst = rounds
    .map((r) => r.ours)
    .reduce((a, b) =>
      b.worstLagMs / b.worstIntervalMs > a.worstLagMs / a.worstIntervalMs ? b : a,
    );
  const late = rounds.reduce((sum, r) => sum + r.ours.late, 0);
  const lagRatio = worst.worstLagMs / worst.worstIntervalMs;
  const naiveMaxLag = naiveRound.maxLagMs;
  const perRound = rounds
    .map(
      (r, i) =>
        `round ${i + 1}: ours ${r.ours.perRunPerMinute.toFixed(2)}/run/min, max lag ${formatMs(r.ours.maxLagMs)}, ${r.ours.late} of ${r.ours.runs} later than their interval${r.naive ? `; naive ${r.naive.perRunPerMinute.toFixed(2)}/run/min, max lag ${formatMs(r.naive.maxLagMs)}` : ''}`,
    )
    .join('; ');
  return {
    rows: [
      {
        what: `status requests per active run per minute (${POLL_RUNS} concurrent runs of 90–210 s)`,
        ours: `${ours.toFixed(2)} /run/min`,
        reference: `naive 1 s polling ${naive.toFixed(2)} /run/min`,
        ratio: formatRatio(ours / naive),
        target: '≤ 0.5× naive',
        verdict: verdictOf(ours / naive <= 0.5),
      },
      {
        what: 'every finish noticed within one poll interval (worst detection lag vs the interval in force)',
        ours: `${formatMs(worst.worstLagMs)} lag vs ${formatMs(worst.worstIntervalMs)} interval; ${late} of ${POLL_RUNS * ROUNDS} finishes late`,
        reference: `naive: max lag ${formatMs(naiveMaxLag)} (interval 1 s)`,
        ratio: formatRatio(lagRatio),
        target: '≤ 1.0× interval, none late',
        verdict: verdictOf(lagRatio <= 1 && late === 0),
      },
    ],
    note: `Polling: ${ROUNDS} rounds; each starts ${POLL_RUNS} runs at once on a fresh emulator whose runs last 10 s Pending + 20 s Segmenting + 60–180 s Running (seeded, identical for ours and naive in a round). Ours = the real engine (DEFAULT_POLL_POLICY: ${describePolicy(DEFAULT_POLL_POLICY)}), real WeShop client, real library, engine concurrency ${POLL_RUNS}; naive = a loop per run polling every 1 s (one round, same runs as round 1: it has no randomness). Both run on one step clock shared with the emulator: virtual time only moves when no HTTP exchange or manifest write is in flight. Requests = every GET of a run (retries included) / the runs' active minutes (start → Success noticed). Interval in force = the policy's delay for the run's age at its Success moment, with the maximum jitter. Lag = Success noticed − the emulator's Success moment. ${perRound}.`,
  };
}
