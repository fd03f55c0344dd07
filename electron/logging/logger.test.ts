import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import {
  createLogger,
  LOG_FILE_NAME,
  logFilePath,
  logLevelFrom,
  logsDir,
  memoryLogger,
  silentLogger,
} from './logger';
import { openRotatingFile } from './rotating-file';

const KEY = 'wk-live-0a1b2c3d4e5f6789';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kling-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readLines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('createLogger', () => {
  it('writes JSON lines at or above its level, synchronously, under <home>/logs', async () => {
    const home = join(dir, 'home');
    const logger = createLogger({ dir: logsDir(home), level: 'info', bindings: { proc: 'test' } });
    expect(logger.file).toBe(logFilePath(home));
    expect(logger.file).toBe(join(home, 'logs', LOG_FILE_NAME));
    logger.debug('not written');
    logger.info('job state', { job: 'abc123', from: 'queued', to: 'uploading' });
    logger.warn('poll failed', { attempt: 2 });
    logger.error('run failed', { err: new KlingError('run-failed', 'WeShop said no') });
    // No flush, no await: a sync write is on disk as soon as the call returns.
    const lines = await readLines(logger.file!);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'job state'],
      ['warn', 'poll failed'],
      ['error', 'run failed'],
    ]);
    expect(lines[0]).toMatchObject({
      proc: 'test',
      pid: process.pid,
      job: 'abc123',
      to: 'uploading',
    });
    expect(typeof lines[0]?.time).toBe('string');
    expect(lines[2]?.err).toMatchObject({ kind: 'run-failed', message: 'WeShop said no' });
  });

  it('redacts the key in raw, base64 and hex forms from messages, fields and errors', async () => {
    const logger = createLogger({ dir, secrets: [KEY] });
    logger.info(`echo ${KEY}`);
    logger.warn('server text', { body: `b64 ${Buffer.from(KEY).toString('base64')}` });
    logger.error('boom', { err: new Error(`hex ${Buffer.from(KEY).toString('hex')}`) });
    const late = 'wk-later-key-5555666677';
    logger.child({ job: 'x' }).addSecret(late);
    logger.info(`late ${late}`);
    const text = await readFile(logger.file!, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(text).not.toContain(Buffer.from(KEY).toString('hex'));
    expect(text).not.toContain(late);
    // The error's message appears twice (message and stack), both redacted.
    expect(text.match(/\[redacted\]/g)).toHaveLength(5);
  });

  it('never writes headers, whatever they are called', async () => {
    const logger = createLogger({ dir });
    logger.info('request', {
      method: 'GET',
      headers: { Authorization: KEY, Cookie: 'c=1' },
      req: { headers: { authorization: KEY } },
      Authorization: KEY,
    });
    logger.info('quoted', { text: `Authorization: ${KEY}` });
    const text = await readFile(logger.file!, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('Cookie');
    const [first] = await readLines(logger.file!);
    expect(first).toMatchObject({ method: 'GET', req: {} });
    expect(first).not.toHaveProperty('headers');
    expect(first).not.toHaveProperty('Authorization');
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const logger = createLogger({ dir, maxBytes: 2_000, keep: 2 });
    for (let i = 0; i < 100; i++) logger.info('filler line', { i, pad: 'x'.repeat(60) });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`]);
    for (const file of files) {
      const size = (await readFile(join(dir, file))).length;
      expect(size).toBeLessThanOrEqual(2_000);
      expect(size).toBeGreaterThan(0);
    }
    // The newest line is in the current file, the ones just before it in .1.
    const current = await readLines(join(dir, LOG_FILE_NAME));
    expect(current.at(-1)?.i).toBe(99);
    const previous = await readLines(join(dir, `${LOG_FILE_NAME}.1`));
    expect(previous.at(-1)?.i).toBe((current[0]?.i as number) - 1);
  });

  it('lets two writers share one file and follows a rotation done by the other', async () => {
    const path = join(dir, LOG_FILE_NAME);
    const a = openRotatingFile({ path, maxBytes: 300, keep: 3 });
    const b = openRotatingFile({ path, maxBytes: 300, keep: 3 });
    a.write(`${'a'.repeat(99)}\n`);
    b.write(`${'b'.repeat(99)}\n`);
    a.write(`${'a'.repeat(99)}\n`);
    // b finds the file full and rotates it; a must then write to the new file, not to .1.
    b.write(`${'b'.repeat(99)}\n`);
    a.write(`${'a'.repeat(99)}\n`);
    expect(await readFile(path, 'utf8')).toBe(`${'b'.repeat(99)}\n${'a'.repeat(99)}\n`);
    expect((await readFile(`${path}.1`, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
    a.close();
    b.close();
  });

  it('reports a write it cannot make instead of throwing into the caller', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const errors: unknown[] = [];
    const file = openRotatingFile({
      path: join(blocker, LOG_FILE_NAME),
      onError: (e) => errors.push(e),
    });
    expect(() => file.write('line\n')).not.toThrow();
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe('memoryLogger and silentLogger', () => {
  it('keeps redacted records in memory, children included', () => {
    const logger = memoryLogger({ secrets: [KEY] });
    logger.child({ job: 'j1' }).info('state', { to: 'done', note: KEY });
    expect(logger.records()).toMatchObject([
      { level: 'info', msg: 'state', job: 'j1', note: '[redacted]' },
    ]);
    expect(logger.file).toBeNull();
  });

  it('writes nothing when silent', () => {
    const logger = silentLogger();
    expect(() => logger.error('ignored')).not.toThrow();
    expect(logger.file).toBeNull();
  });
});

describe('logLevelFrom', () => {
  it('takes KLING_LOG_LEVEL when it names a level', () => {
    expect(logLevelFrom({ KLING_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFrom({ KLING_LOG_LEVEL: 'loud' })).toBe('info');
    expect(logLevelFrom({}, 'warn')).toBe('warn');
  });
});
