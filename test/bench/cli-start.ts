/**
 * Cold start of the shipped CLI: `node bin/kling-studio.mjs --version` (bin + the dist-cli
 * build, whose entry answers --version before any command's chunk loads) against a bare `node -e 0`, each a fresh process timed from spawn to exit.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatMs, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROOT = join(import.meta.dirname, '..', '..');
const ROUNDS = 21;
const TARGET = 3;

/** Wall time of one process from spawn to exit; refuses a non-zero exit (a broken build). */
function timeProcess(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 200)}`));
    });
  });
}

export async function benchCliStart(workDir: string): Promise<{ row: Row; note: string }> {
  // The layout npm run build ships (bin/ next to dist-cli/), built fresh so the row measures
  // today's code, in a folder without node_modules.
  const pkg = join(workDir, 'cli-package');
  await mkdir(join(pkg, 'bin'), { recursive: true });
  const bin = join(pkg, 'bin', 'kling-studio.mjs');
  await copyFile(join(ROOT, 'bin', 'kling-studio.mjs'), bin);
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--mode',
      'cli',
      '--outDir',
      join(pkg, 'dist-cli'),
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT },
  );
  const ours: number[] = [];
  const bare: number[] = [];
  // One unmeasured run of each first (the OS file cache), then alternate which goes first.
  await timeProcess([bin, '--version']);
  await timeProcess(['-e', '0']);
  await repeat(ROUNDS, async (round) => {
    const pair: Array<[string[], number[]]> = [
      [[bin, '--version'], ours],
      [['-e', '0'], bare],
    ];
    if (round % 2 === 1) pair.reverse();
    for (const [args, into] of pair) into.push(await timeProcess(args));
  });
  const ratio = median(ours) / median(bare);
  return {
    row: {
      what: 'CLI cold start: kling-studio --version',
      ours: formatMs(median(ours)),
      reference: `node -e 0 ${formatMs(median(bare))}`,
      ratio: formatRatio(ratio),
      target: `≤ ${TARGET}× node -e 0`,
      verdict: verdictOf(ratio <= TARGET),
    },
    note: `CLI cold start: ${ROUNDS} rounds alternating which goes first (after one unmeasured run of each), each a fresh \`node\` process timed in the parent from spawn to exit. Ours = \`node bin/kling-studio.mjs --version\` with the dist-cli bundle built by \`vite build --mode cli\` (what \`npm run build\` ships); reference = \`node -e 0\`. Medians; per round, ours: ${ours.map(formatMs).join(', ')}; bare: ${bare.map(formatMs).join(', ')}.`,
  };
}
