import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome } from '../library/testing';
import { localServers } from '../testing/local-servers';
import { neverReachedServer } from './error-mapping';
import { type FileUpload, multipartFrame, sendFileOverHttp } from './file-upload';

let dir: string;
let removeDir: () => Promise<void>;
const local = localServers();

beforeEach(async () => {
  ({ home: dir, remove: removeDir } = await makeTempHome('kling-upload-'));
});
afterEach(async () => {
  await local.closeAll();
  await removeDir();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<URL> {
  return new URL(`${await local.start(handler)}/agent/assets/images`);
}

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Reads the whole request, pausing now and then so the sender meets real back-pressure. */
function slowReader(received: Received[], answer = 200) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let count = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (++count % 8 === 0) {
        req.pause();
        setTimeout(() => req.resume(), 2);
      }
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  };
}

async function imageFile(bytes: Buffer, name = 'photo.png'): Promise<FileUpload> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, field: 'image', filename: name, contentType: 'image/png' };
}

const noSignal = () => new AbortController().signal;

async function formOf(received: Received): Promise<FormData> {
  return new Request('http://parse.invalid/', {
    method: 'POST',
    headers: { 'content-type': received.headers['content-type'] ?? '' },
    body: new Uint8Array(received.body),
  }).formData();
}

describe('sendFileOverHttp', () => {
  it('sends one multipart part a standard parser reads back byte for byte, with an exact length', async () => {
    // Several times the 1 MiB buffer, against a reader that pauses: reusing the buffer too
    // early would corrupt these bytes.
    const bytes = randomBytes(5 * 1024 * 1024 + 123);
    const upload = await imageFile(bytes);
    const received: Received[] = [];
    const url = await serve(slowReader(received));
    const response = await sendFileOverHttp(url, {
      headers: { Authorization: 'raw-key', Accept: 'application/json' },
      upload,
      signal: noSignal(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const [request] = received;
    if (!request) throw new Error('nothing received');
    expect(request.headers.authorization).toBe('raw-key');
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(Number(request.headers['content-length'])).toBe(request.body.length);
    const file = (await formOf(request)).get('image');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('photo.png');
    expect((file as File).type).toBe('image/png');
    expect(Buffer.from(await (file as File).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('sends an empty file as an empty part', async () => {
    const upload = await imageFile(Buffer.alloc(0), 'empty.png');
    const received: Received[] = [];
    const url = await serve(slowReader(received));
    await sendFileOverHttp(url, { headers: {}, upload, signal: noSignal() });
    const file = (await formOf(received[0] as Received)).get('image') as File;
    expect(file.size).toBe(0);
  });

  it('escapes quotes and line breaks in the file name as browsers do', () => {
    const { head } = multipartFrame(
      { path: '/x', field: 'image', filename: 'a"b\r\nc.png', contentType: 'image/png' },
      'fixed',
    );
    expect(head.toString()).toContain('filename="a%22b%0D%0Ac.png"');
    expect(head.toString()).not.toMatch(/a"b/);
  });

  it("returns the server's early answer, and a connection dropped after it is no error", async () => {
    const upload = await imageFile(randomBytes(8 * 1024 * 1024));
    let drop = () => {};
    const url = await serve((req, res) => {
      res.writeHead(413, { 'Content-Type': 'application/json' });
      res.end('{"msg":"too large"}');
      drop = () => req.destroy();
    });
    const response = await sendFileOverHttp(url, { headers: {}, upload, signal: noSignal() });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ msg: 'too large' });
    // The server gives up on the unread rest only now (dropping it any earlier races the
    // answer in TCP itself: a reset may discard it). The sender's failing writes must end
    // quietly: an unhandled error here fails the test run.
    drop();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('hands a redirect back as it is, without following it', async () => {
    const upload = await imageFile(randomBytes(1000));
    let hits = 0;
    const url = await serve((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(302, { Location: 'http://elsewhere.invalid/' }).end());
    });
    const response = await sendFileOverHttp(url, { headers: {}, upload, signal: noSignal() });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://elsewhere.invalid/');
    expect(hits).toBe(1);
  });

  it('gives null-body answers (204) an empty body', async () => {
    const upload = await imageFile(randomBytes(10));
    const url = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    const response = await sendFileOverHttp(url, { headers: {}, upload, signal: noSignal() });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('stops when its signal aborts', async () => {
    const upload = await imageFile(randomBytes(1000));
    const url = await serve(() => {
      // reads nothing, answers nothing
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await sendFileOverHttp(url, {
      headers: {},
      upload,
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AbortError');
  });

  it('fails a refused connection in a way that proves nothing was sent', async () => {
    const upload = await imageFile(randomBytes(10));
    const url = await serve(() => {});
    await new Promise<void>((resolve) => local.servers.pop()?.close(() => resolve()));
    const error = await sendFileOverHttp(url, { headers: {}, upload, signal: noSignal() }).catch(
      (e) => e,
    );
    expect(neverReachedServer(error)).toBe(true);
  });
});
