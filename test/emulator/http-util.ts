import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The published error envelope: `{success:false,error:{code,message,retryable}}`. */
export interface ErrorEnvelope {
  success: false;
  error: { code: number; message: string; retryable: boolean };
}

export const errorEnvelope = (code: number, message: string, retryable = false): ErrorEnvelope => ({
  success: false,
  error: { code, message, retryable },
});

/** What an API route answers; the server writes it (and may damage it when a fault says so). */
export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const reply = (status: number, body: unknown, headers?: Record<string, string>): ApiReply =>
  headers ? { status, body, headers } : { status, body };

export const errorReply = (status: number, code: number, message: string, retryable = false) =>
  reply(status, errorEnvelope(code, message, retryable));

/** Lower-cased header names, repeated headers joined the way HTTP folds them. */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class BodyTooLargeError extends Error {}

/** Reads a whole request body; refuses more than `limit` bytes so a runaway client can't fill memory. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function sendBuffer(
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  headers: Record<string, string>,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  res.end(bytes);
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server has no TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}

/** Stops listening and drops every open connection (keep-alive and hanging ones too). */
export function shutDown(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
