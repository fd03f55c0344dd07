import { describe, expect, it } from 'vitest';
import type { KlingError } from '../../shared/errors';
import { createWeShopClient } from './client';
import { fakeFetch, json, type Responder, refuseConnection } from './fake-fetch';
import { sendFileThroughFetch } from './file-upload';
import { type ApiCall, callApi, type RequestRecord, type Transport } from './http';

const KEY = 'wk-live-4f9a8b7c6d5e3344aa';
const BASE = 'https://openapi.weshop.ai/openapi/v1';

/** A clock that moves 25 ms per reading: durations are then exact. */
function steppingClock() {
  let t = 1000;
  return () => {
    t += 25;
    return t;
  };
}

function transportWith(...responders: (Responder | Response)[]) {
  const records: RequestRecord[] = [];
  const { fetch, seen } = fakeFetch(...responders);
  const transport: Transport = {
    apiBase: BASE,
    fetch,
    sendFile: sendFileThroughFetch(fetch),
    onRequest: (record) => records.push(record),
    now: steppingClock(),
  };
  return { transport, records, seen };
}

const poll: ApiCall = {
  method: 'GET',
  path: '/agent/runs/exec-1?token=should-not-be-logged',
  key: KEY,
  action: 'checking the run',
  timeoutMs: 5_000,
  repeatable: true,
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as KlingError,
  );

describe('callApi request log hook', () => {
  it('reports method, path without query, status, duration and attempt of a success', async () => {
    const { transport, records } = transportWith(json(200, { success: true, data: {} }));
    await callApi(transport, { ...poll, attempt: 3 });
    expect(records).toEqual([
      {
        method: 'GET',
        path: '/agent/runs/exec-1',
        status: 200,
        durationMs: 25,
        attempt: 3,
        outcome: 'ok',
      },
    ]);
  });

  it('reports an HTTP failure with its status and error kind', async () => {
    const { transport, records } = transportWith(json(503, { msg: 'busy' }));
    const error = await failure(callApi(transport, poll));
    expect(error.kind).toBe('server-error');
    expect(records).toMatchObject([{ status: 503, outcome: 'server-error', attempt: 1 }]);
  });

  it('reports a request that got no answer with status null', async () => {
    const { transport, records } = transportWith(refuseConnection);
    await failure(callApi(transport, { ...poll, method: 'POST', path: '/agent/runs', body: '{}' }));
    expect(records).toMatchObject([
      { method: 'POST', path: '/agent/runs', status: null, outcome: 'network' },
    ]);
  });

  it('reports nothing for a request it refused to send', async () => {
    const { transport, records, seen } = transportWith(json(200, {}));
    await failure(callApi(transport, { ...poll, key: 'bad key with spaces' }));
    expect(seen).toHaveLength(0);
    expect(records).toEqual([]);
  });

  it('never hands the hook a header, a body or the key', async () => {
    const { transport, records } = transportWith(json(200, { success: true }));
    await callApi(transport, {
      ...poll,
      method: 'POST',
      path: '/agent/runs',
      body: JSON.stringify({ prompt: 'x' }),
      headers: { 'Idempotency-Key': 'job-123' },
    });
    const text = JSON.stringify(records);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('job-123');
    expect(text).not.toContain('prompt');
  });

  it('keeps a request working when the hook throws', async () => {
    const { transport } = transportWith(json(200, { success: true, data: { ok: 1 } }));
    transport.onRequest = () => {
      throw new Error('log broke');
    };
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      expect(await callApi(transport, poll)).toEqual({ success: true, data: { ok: 1 } });
      // process warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toContain('The request log failed: Error: log broke');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('the client numbers the attempts it reports', () => {
  it('counts a poll and its retries as attempts 1, 2, 3', async () => {
    const records: RequestRecord[] = [];
    const { fetch } = fakeFetch(
      json(503, { msg: 'busy' }),
      json(503, { msg: 'busy' }),
      json(200, { success: true, data: { status: 'Running', executions: [] } }),
    );
    const client = createWeShopClient({
      apiBase: BASE,
      getKey: async () => KEY,
      fetch,
      sleep: async () => undefined,
      onRequest: (record) => records.push(record),
    });
    await client.getRun('exec-9');
    expect(records.map((r) => [r.attempt, r.status, r.outcome])).toEqual([
      [1, 503, 'server-error'],
      [2, 503, 'server-error'],
      [3, 200, 'ok'],
    ]);
    expect(records.every((r) => r.method === 'GET' && r.path === '/agent/runs/exec-9')).toBe(true);
  });
});

describe('callApi redaction', () => {
  it('removes a key the server echoed from a 2xx answer before anyone can store it', async () => {
    const answer = {
      success: true,
      data: {
        status: 'Failed',
        executions: [{ status: 'Failed', error: `bad Authorization ${KEY}` }],
        note: Buffer.from(KEY).toString('base64'),
      },
    };
    const { transport } = transportWith(json(200, answer));
    const value = await callApi(transport, poll);
    const text = JSON.stringify(value);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(value).toMatchObject({ data: { status: 'Failed', note: '[redacted]' } });
  });

  it('removes the key from server text before cutting it (no half key in the error)', async () => {
    const msg = `${'x'.repeat(290)}${KEY}`;
    const { transport } = transportWith(json(400, { msg }));
    const error = await failure(callApi(transport, poll));
    expect(error.kind).toBe('invalid-input');
    expect(error.message).not.toContain(KEY.slice(0, 8));
  });
});
