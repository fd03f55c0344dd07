/**
 * `kling-studio list` on big libraries, each run a fresh process of the shipped CLI (bin +
 * dist-cli bundle), timed from spawn to exit: the first page at 100,000 renders against
 * `--version` (the CLI's own floor), a prompt search, its peak RSS, and the first page at
 * 10,000 against 100,000 (the cost must not grow with the library).
 */
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatMs, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROOT = join(import.meta.dirname, '..', '..');
const ROUNDS = 9;
const PAGE = ['list', '--json', '--limit', '50'];

async function buildCli(workDir: string): Promise<string> {
  const pkg = join(workDir, 'cli-list-package');
  await mkdir(join(pkg, 'bin'), { recursive: true });
  const bin = join(pkg, 'bin', 'kling-studio.mjs');
  await copyFile(join(ROOT, 'bin', 'kling-studio.mjs'), bin);
  // better-sqlite3 stays outside the bundle (native): it is found in node_modules, as shipped.
  await symlink(join(ROOT, 'node_modules'), join(pkg, 'node_modules')).catch(() => undefined);
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
  return bin;
}

/** Wall time (ms) and peak RSS (KiB, from GNU time) of one CLI process; refuses a failure. */
function run(bin: string, args: string[], home: string): Promise<{ ms: number; rssKiB: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, KLING_STUDIO_HOME: home },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const rssKiB = Number(stderr.trim().split('\n').at(-1));
      if (code === 0) resolve({ ms, rssKiB });
      else
        reject(new Error(`kling-studio ${args.join(' ')} exited ${code}: ${stderr.slice(0, 300)}`));
    });
  });
}

export async function benchCliListScale(
  workDir: string,
  small: { home: string; renders: number },
  large: { home: string; renders: number },
): Promise<{ rows: Row[]; note: string }> {
  const bin = await buildCli(workDir);
  const version: number[] = [];
  const page100k: number[] = [];
  const search: number[] = [];
  const page10k: number[] = [];
  let peakKiB = 0;
  // One unmeasured run of each first (the OS file cache, the index's first open).
  for (const [args, home] of [
    [['--version'], large.home],
    [PAGE, large.home],
    [PAGE, small.home],
  ] as const)
    await run(bin, [...args], home);
  await repeat(ROUNDS, async () => {
    version.push((await run(bin, ['--version'], large.home)).ms);
    const page = await run(bin, PAGE, large.home);
    page100k.push(page.ms);
    const found = await run(bin, [...PAGE, '--search', 'harbour'], large.home);
    search.push(found.ms);
    peakKiB = Math.max(peakKiB, page.rssKiB, found.rssKiB);
    page10k.push((await run(bin, PAGE, small.home)).ms);
  });
  const n = large.renders.toLocaleString('en');
  const vsVersion = median(page100k) / median(version);
  const growth = median(page100k) / median(page10k);
  const peakMB = (peakKiB * 1024) / 1e6;
  return {
    rows: [
      {
        what: `${n} renders: cold \`list --json --limit 50\``,
        ours: formatMs(median(page100k)),
        reference: `--version ${formatMs(median(version))}`,
        ratio: formatRatio(vsVersion),
        target: '≤ 300 ms and ≤ 2× --version',
        verdict: verdictOf(median(page100k) <= 300 && vsVersion <= 2),
      },
      {
        what: `${n} renders: cold \`list --search harbour --json --limit 50\``,
        ours: formatMs(median(search)),
        reference: '—',
        ratio: '—',
        target: '≤ 300 ms',
        verdict: verdictOf(median(search) <= 300),
      },
      {
        what: `${n} renders: peak RSS of that CLI`,
        ours: `${peakMB.toFixed(0)} MB`,
        reference: '—',
        ratio: '—',
        target: '≤ 150 MB',
        verdict: verdictOf(peakMB <= 150),
      },
      {
        what: `${small.renders.toLocaleString('en')} → ${n} renders: CLI first page`,
        ours: formatMs(median(page100k)),
        reference: `${formatMs(median(page10k))} at ${small.renders.toLocaleString('en')}`,
        ratio: formatRatio(growth),
        target: 'grows ≤ 2×',
        verdict: verdictOf(growth <= 2),
      },
    ],
    note: `CLI list at scale: ${ROUNDS} rounds after one unmeasured run of each; each a fresh \`node bin/kling-studio.mjs\` (dist-cli built by \`vite build --mode cli\`, better-sqlite3 from node_modules) timed from spawn to exit, peak RSS from GNU time (%M). Medians; 100k page: ${page100k.map(formatMs).join(', ')}; search: ${search.map(formatMs).join(', ')}; --version: ${version.map(formatMs).join(', ')}; 10k page: ${page10k.map(formatMs).join(', ')}.`,
  };
}
