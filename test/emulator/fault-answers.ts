import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { CREDITS_EXHAUSTED } from './api-routes';
import { type Damage, deliver } from './delivery';
import { withUnexpectedFields } from './faults';
import {
  type ApiReply,
  errorEnvelope,
  errorReply,
  JSON_TYPE,
  reply,
  sendBuffer,
} from './http-util';
import { type pollBody, reshapePollBody } from './runs';
import type { Fault, PollEnvelopeVariant } from './types';

/** Faults that replace the answer entirely (the request is not processed). `now`: the emulator's clock. */
export function replacementFor(fault: Fault | undefined, now: number): ApiReply | undefined {
  switch (fault?.kind) {
    case 'status': {
      const fallback = errorEnvelope(
        fault.status >= 500 ? 50001 : 40000,
        `injected HTTP ${fault.status}`,
        fault.status >= 500,
      );
      return reply(fault.status, fault.body === undefined ? fallback : fault.body, fault.headers);
    }
    case 'bad-key':
      return errorReply(401, 40001, 'Invalid API key');
    case 'credits-exhausted':
      return CREDITS_EXHAUSTED();
    case 'rate-limit': {
      // As a date, both headers come from the emulator's clock (which may be far from the
      // client's), so only a client that measures against the answer's Date gets it right.
      const headers: Record<string, string> = fault.retryAfterDate
        ? {
            date: new Date(now).toUTCString(),
            'retry-after': new Date(now + fault.retryAfterSeconds * 1000).toUTCString(),
          }
        : { 'retry-after': String(fault.retryAfterSeconds) };
      return reply(
        429,
        errorEnvelope(42900, `Too many requests: retry after ${fault.retryAfterSeconds} s`, true),
        headers,
      );
    }
    case 'server-error':
      return errorReply(fault.status ?? 500, 50001, 'Internal server error', true);
    case 'redirect':
      return reply(302, '', { location: fault.location });
    default:
      return undefined;
  }
}

/** A 200 poll answer in the envelope a poll-envelope fault asks for; anything else as it is. */
export function reshapePollAnswer(answer: ApiReply, variant: PollEnvelopeVariant): ApiReply {
  const body = answer.body as { data?: { executions?: unknown } } | undefined;
  if (answer.status !== 200 || !Array.isArray(body?.data?.executions)) return answer;
  return { ...answer, body: reshapePollBody(answer.body as ReturnType<typeof pollBody>, variant) };
}

export const damageFor = (fault: Fault | undefined): Damage | undefined =>
  fault?.kind === 'cut-download' || fault?.kind === 'wrong-content-length' ? fault : undefined;

/**
 * Writes an API answer as JSON, bent by the fault where it says so: extra fields everywhere,
 * a 200 whose JSON is cut in half, or a body cut off / announced too long on the wire.
 */
export async function writeApiReply(
  res: ServerResponse,
  answer: ApiReply,
  fault: Fault | undefined,
) {
  if (res.destroyed) return;
  const headers = { 'content-type': JSON_TYPE, ...answer.headers };
  if (typeof answer.body === 'string') {
    // Text bodies (a redirect's empty one, a custom status body) go out as they are.
    const plain = { 'content-type': 'text/plain; charset=utf-8', ...answer.headers };
    sendBuffer(res, answer.status, answer.body, plain);
    return;
  }
  const body =
    fault?.kind === 'unexpected-fields' ? withUnexpectedFields(answer.body) : answer.body;
  let text = JSON.stringify(body);
  let status = answer.status;
  if (fault?.kind === 'malformed-json') {
    // A strict prefix of a JSON object is never valid JSON.
    text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    status = 200;
  }
  const bytes = Buffer.from(text);
  const damage = damageFor(fault);
  if (damage === undefined) {
    sendBuffer(res, status, bytes, headers);
    return;
  }
  await deliver(res, {
    status,
    headers,
    length: bytes.length,
    open: () => Readable.from([bytes]),
    damage,
  });
}
