import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Runs one benchmark script in a fresh Node process (TypeScript through tsx) and returns the
 * JSON it reports. Measurements that compare with curl run here so that, like curl, they do
 * not share an event loop (or a heap) with the emulator serving them. Bounded by timeoutMs.
 */
export function runChild<Result>(
  script: string,
  input: unknown,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<Result> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', path];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      // Input goes through the environment, not argv, so it never shows in a process list.
      env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Result);
        return;
      }
      const why = signal ? `was killed (${signal})` : `exited with ${code}`;
      reject(new Error(`${script} ${why}: ${stderr.trim().slice(-2000) || stdout.slice(-2000)}`));
    });
  });
}

/** In a child: the input runChild passed. */
export function childInput<Input>(): Input {
  const raw = process.env.BENCH_INPUT;
  if (!raw) throw new Error('BENCH_INPUT is missing: run this through runChild');
  return JSON.parse(raw) as Input;
}

/** In a child: hands the result back and ends the process (open handles must not keep it alive). */
export function reportResult(result: unknown): never {
  writeSync(1, `${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
}
