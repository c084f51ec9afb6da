/**
 * A server that answers nothing useful and counts what reaches it: pointed at by GHOST_URL in
 * the host tests, it proves that activation sends no request.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startSentinel(): Promise<{ url: string; count(): number; stop(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/__requests') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ count }));
      return;
    }
    count++;
    res.writeHead(503);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
