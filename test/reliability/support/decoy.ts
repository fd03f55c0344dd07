import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DecoyRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * "Another host": a loopback server that is neither the API nor the CDN. It records whatever
 * reaches it and answers 503, so a test can prove the key never went there.
 */
export async function startDecoy() {
  const requests: DecoyRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    req.resume();
    res.writeHead(503, { 'content-type': 'text/plain' }).end('decoy');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Decoy = Awaited<ReturnType<typeof startDecoy>>;
