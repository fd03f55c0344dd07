/**
 * `npm run emulator [-- --key K --pending-ms 2000 ...]`: runs the WeShop emulator until Ctrl-C
 * and prints what to export so the app or the CLI talks to it instead of WeShop.
 * Every flag also reads an environment variable (flag wins): see `--help`.
 */
import { parseArgs } from 'node:util';
import { messageOf } from '../../shared/errors';
import { FIXTURES } from './fixtures';
import { DEFAULT_API_KEY, DEFAULT_TIMINGS, startEmulator } from './server';

const FLAGS = {
  key: { env: 'EMULATOR_API_KEY', help: `the API key it accepts (default ${DEFAULT_API_KEY})` },
  'pending-ms': {
    env: 'EMULATOR_PENDING_MS',
    help: `ms in Pending (default ${DEFAULT_TIMINGS.pendingMs})`,
  },
  'segmenting-ms': {
    env: 'EMULATOR_SEGMENTING_MS',
    help: `ms in Segmenting (default ${DEFAULT_TIMINGS.segmentingMs})`,
  },
  'running-ms': {
    env: 'EMULATOR_RUNNING_MS',
    help: `ms in Running (default ${DEFAULT_TIMINGS.runningMs})`,
  },
  'results-per-execution': {
    env: 'EMULATOR_RESULTS_PER_EXECUTION',
    help: 'videos per execution (default 4)',
  },
  'api-port': { env: 'EMULATOR_API_PORT', help: 'API port (default: a free one)' },
  'cdn-port': { env: 'EMULATOR_CDN_PORT', help: 'CDN port (default: a free one)' },
  'power-balance': {
    env: 'EMULATOR_POWER_BALANCE',
    help: 'starting power balance (default 1000000)',
  },
} as const;
type FlagName = keyof typeof FLAGS;

/** On/off flags (no value); the environment variable counts when set to 1 or true. */
const SWITCHES = {
  'ignore-idempotency-key': {
    env: 'EMULATOR_IGNORE_IDEMPOTENCY_KEY',
    help: 'every start creates and charges a new run, even with a repeated Idempotency-Key',
  },
  'last-frames': {
    env: 'EMULATOR_LAST_FRAMES',
    help: 'results carry lastFrame (a PNG on the CDN) instead of videoPoster',
  },
  'last-frame-unsupported': {
    env: 'EMULATOR_LAST_FRAME_UNSUPPORTED',
    help: 'refuse every start and estimate with a last frame (image 2) with a 400',
  },
} as const;
type SwitchName = keyof typeof SWITCHES;

function usage(): string {
  const lines = [...Object.entries(FLAGS), ...Object.entries(SWITCHES)].map(
    ([name, flag]) => `  --${name.padEnd(23)} ${flag.help} [$${flag.env}]`,
  );
  return ['Usage: npm run emulator -- [options]', '', ...lines, '  --help'].join('\n');
}

function main(): Promise<void> | undefined {
  const options = Object.fromEntries(
    Object.keys(FLAGS).map((name) => [name, { type: 'string' as const }]),
  );
  const switches = Object.fromEntries(
    Object.keys(SWITCHES).map((name) => [name, { type: 'boolean' as const }]),
  );
  const parsed = parseArgs({
    options: { ...options, ...switches, help: { type: 'boolean' } },
    strict: true,
  });
  const values: Record<string, string | boolean | undefined> = parsed.values;
  if (values.help) {
    console.log(usage());
    return undefined;
  }
  const read = (name: FlagName): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : process.env[FLAGS[name].env];
  };
  const on = (name: SwitchName): boolean =>
    values[name] === true || /^(1|true)$/i.test(process.env[SWITCHES[name].env] ?? '');
  const number = (name: FlagName): number | undefined => {
    const raw = read(name);
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`--${name} must be a number ≥ 0, got "${raw}"`);
    return value;
  };

  const timings = {
    ...DEFAULT_TIMINGS,
    ...definedOnly({
      pendingMs: number('pending-ms'),
      segmentingMs: number('segmenting-ms'),
      runningMs: number('running-ms'),
    }),
  };
  return startEmulator({
    timings,
    ...definedOnly({
      apiKey: read('key'),
      resultsPerExecution: number('results-per-execution'),
      apiPort: number('api-port'),
      cdnPort: number('cdn-port'),
      powerBalance: number('power-balance'),
    }),
    honourIdempotencyKey: !on('ignore-idempotency-key'),
    lastFrames: on('last-frames'),
    // The 480x360 clip, not the tests' 320x240 ones: a last frame must be ≥ 300 px a side to be
    // a Kling input, so Continue works for someone trying the app or the CLI against this.
    videoFixtures: [FIXTURES.largeVideo],
  }).then((emulator) => {
    console.log('WeShop emulator running. In another shell:');
    // Both names: this app reads WESHOP_API_BASE first, WeShop's own CLI reads WESHOP_BASE_URL.
    console.log(`  export WESHOP_API_BASE=${emulator.apiBase}`);
    console.log(`  export WESHOP_BASE_URL=${emulator.apiBase}`);
    console.log(`  export WESHOP_API_KEY=${emulator.apiKey}`);
    console.log(`CDN origin (videos, posters, uploads; no key): ${emulator.cdnBase}`);
    console.log(
      `Runs take ${timings.pendingMs} + ${timings.segmentingMs} + ${timings.runningMs} ms. Ctrl-C to stop.`,
    );
    if (on('ignore-idempotency-key')) {
      console.log('Idempotency-Key is ignored: every start creates and charges a new run.');
    }
    if (on('last-frames')) console.log('Results carry lastFrame.');
    if (on('last-frame-unsupported')) {
      // A server's capability, not a blip: every start or estimate with a last frame, until Ctrl-C.
      emulator.inject({ fault: { kind: 'last-frame-unsupported' } });
      console.log('Last frames are refused: a start with 2 first-frame images gets a 400.');
    }
    const stop = () => {
      void emulator.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops unset options so the emulator's own defaults apply. */
function definedOnly<T extends Record<string, unknown>>(record: T): Defined<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  ) as Defined<T>;
}

try {
  await main()?.catch((error: unknown) => {
    console.error(`emulator: ${messageOf(error)}`);
    process.exit(1);
  });
} catch (error) {
  console.error(`emulator: ${messageOf(error)}\n\n${usage()}`);
  process.exit(2);
}
