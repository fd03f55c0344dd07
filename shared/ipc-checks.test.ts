import { describe, expect, it } from 'vitest';
import { checkIpcResult } from './ipc-checks';

describe('checkIpcResult', () => {
  it('passes an answer that matches the channel response schema', () => {
    const answer = { ok: true, value: { freedBytes: 12 } };
    expect(checkIpcResult('render:delete', answer)).toEqual(answer);
  });

  it('passes an AppError', () => {
    const answer = { ok: false, error: { kind: 'not-found', message: 'No render with id x' } };
    expect(checkIpcResult('render:get', answer)).toEqual(answer);
  });

  it('turns a value that drifted from the schema into an internal error naming the channel', () => {
    const result = checkIpcResult('render:delete', { ok: true, value: { freed: 12 } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(!result.ok && result.error.message).toMatch(/"render:delete".*freedBytes/);
  });

  it('refuses an error that is not an AppError, and anything that is not a result', () => {
    expect(checkIpcResult('render:get', { ok: false, error: new Error('x') })).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
    expect(checkIpcResult('render:get', undefined)).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringMatching(/not an IpcResult/) },
    });
  });
});
