import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Throw-away HTTP servers on 127.0.0.1 for unit tests: `start` listens on a free port and
 * returns its origin; `closeAll` (in afterEach) drops kept-alive and hanging connections too.
 */
export function localServers() {
  const servers: Server[] = [];
  return {
    servers,
    async start(handler: RequestListener): Promise<string> {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    closeAll(): Promise<void> {
      return Promise.all(
        servers.splice(0).map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined);
    },
  };
}
