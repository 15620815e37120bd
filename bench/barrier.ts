import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP barrier the benchmark's functions call: every request waits until `parties` have
 * arrived, so that many invocations are provably in flight at once (each in its own environment).
 */
export async function startBarrier(parties: number): Promise<{ url: string; close(): void }> {
  let waiting: ServerResponse[] = [];
  const server = createServer((_request, response) => {
    waiting.push(response);
    if (waiting.length < parties) return;
    for (const held of waiting) held.end('ok');
    waiting = [];
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
