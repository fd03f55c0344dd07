import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../shared/errors';
import {
  MAX_RETRY_AFTER_MS,
  mapFetchFailure,
  mapHttpError,
  neverReachedServer,
  parseRetryAfter,
  readServerError,
} from './error-mapping';

const map = (status: number, json?: unknown, retryAfter: string | null = null) =>
  mapHttpError({ status, json, retryAfter, action: 'testing' });

describe('mapHttpError', () => {
  it.each<[string, number, unknown, ErrorKind, RegExp, boolean]>([
    ['401', 401, undefined, 'bad-key', /refused the API key \(HTTP 401\)/, false],
    ['403', 403, {}, 'bad-key', /HTTP 403/, false],
    [
      '40001',
      401,
      { success: false, error: { code: 40001, message: 'x' } },
      'bad-key',
      /key is invalid/,
      false,
    ],
    [
      '40003 (old envelope)',
      403,
      { code: '40003', msg: 'disabled' },
      'bad-key',
      /key is disabled/,
      false,
    ],
    [
      '40004 on HTTP 200',
      200,
      { code: 40004, msg: 'expired' },
      'bad-key',
      /key has expired/,
      false,
    ],
    [
      '40005',
      429,
      { error: { code: 40005, message: 'busy' } },
      'rate-limited',
      /too many simultaneous runs for your plan/,
      true,
    ],
    [
      '402',
      402,
      { error: { message: 'Not enough power' } },
      'insufficient-credits',
      /Not enough WeShop credits.*: Not enough power/,
      false,
    ],
    [
      'credit words on 400',
      400,
      { code: 40000, msg: 'Insufficient balance' },
      'insufficient-credits',
      /Insufficient balance/,
      false,
    ],
    ['429', 429, undefined, 'rate-limited', /rate-limiting/, true],
    [
      '400 / 40000',
      400,
      { error: { code: 40000, message: 'duration must be 5s or 10s' } },
      'invalid-input',
      /rejected the request while testing \(HTTP 400\): duration must be 5s or 10s/,
      false,
    ],
    ['404', 404, { msg: 'no such run' }, 'not-found', /no such run/, false],
    ['500', 500, undefined, 'server-error', /server error while testing \(HTTP 500\)/, true],
    [
      '503 not retryable',
      503,
      { error: { code: 50003, message: 'bad', retryable: false } },
      'server-error',
      /bad/,
      false,
    ],
    [
      '50002 on HTTP 200',
      200,
      { success: false, error: { code: 50002, message: 'db' } },
      'server-error',
      /HTTP 200\): db/,
      true,
    ],
    [
      'a server error mentioning power',
      500,
      { msg: 'power service down' },
      'server-error',
      /power service down/,
      true,
    ],
  ])('%s', (_label, status, json, kind, message, retryable) => {
    const error = map(status, json);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
  });

  it('says the end frame was refused, and the way on, when WeShop refuses a last frame', () => {
    const error = map(400, {
      success: false,
      error: {
        code: 40000,
        message: 'Last frame is not supported: send 1 image',
        retryable: false,
      },
    });
    expect(error).toMatchObject({ kind: 'invalid-input', status: 400 });
    expect(error.message).toBe(
      'WeShop refused the end frame while testing: it does not take a last frame for this model now (WeShop said: "Last frame is not supported: send 1 image"). Nothing was started and no credits were used. Remove the end frame or choose another model, then render again (Edit & retry in the app, without --end-frame in the CLI).',
    );
    // Other refusals keep the plain wording.
    expect(map(400, { error: { message: 'textDescription is required' } }).message).toBe(
      'WeShop rejected the request while testing (HTTP 400): textDescription is required',
    );
  });

  it('carries Retry-After on 429 as milliseconds', () => {
    expect(map(429, undefined, '7').retryAfterMs).toBe(7000);
    expect(map(429, undefined, '7').message).toMatch(/wait 7 s/);
  });

  it('cuts very long server text', () => {
    const error = map(400, { msg: 'x'.repeat(5000) });
    expect(error.message.length).toBeLessThan(500);
  });

  it('removes the key from server text before cutting it, so no half key survives', () => {
    const key = 'wk-live-4f9a8b7c6d5e3344aa';
    // The key straddles the 300-character cut: cut first, and its first half stays behind.
    const msg = `${'x'.repeat(280)} echo ${key} more`;
    for (const status of [400, 404, 500, 402]) {
      const error = mapHttpError({
        status,
        json: { msg: `power ${msg}` }, // the key starts at character 292
        retryAfter: null,
        action: 'testing',
        secrets: key,
      });
      expect(error.message, `HTTP ${status}`).not.toContain(key.slice(0, 8));
      expect(error.message).toMatch(/\[redact/); // the marker itself may be cut
    }
  });

  it('removes an Authorization value the server quoted, even without knowing the key', () => {
    const error = map(400, { msg: 'bad header Authorization: Bearer sk-9999888877776666' });
    expect(error.message).not.toContain('sk-9999888877776666');
    expect(readServerError({ msg: 'Authorization: abcdefgh12345678' }).message).toBe(
      'Authorization: [redacted]',
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads seconds and HTTP dates, and caps them', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
  });
  it('ignores missing or nonsense values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('mapFetchFailure', () => {
  const refused = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });
  it('names the host and the code, not the original message', () => {
    const leaky = new TypeError('Headers.append: "secret key\n" is an invalid header value.');
    const error = mapFetchFailure(leaky, '127.0.0.1:9', 'starting the run');
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Could not reach WeShop (127.0.0.1:9) while starting the run');
    expect(mapFetchFailure(refused, 'h', 'x').message).toMatch(/: ECONNREFUSED$/);
  });
  it('tells a refused connection (never sent) from a reset one (maybe sent)', () => {
    expect(neverReachedServer(refused)).toBe(true);
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(neverReachedServer(reset)).toBe(false);
    expect(neverReachedServer(new Error('other'))).toBe(false);
  });
});
