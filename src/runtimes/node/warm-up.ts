/**
 * Runs, in a pre-started process before it is given a function, the code paths of a cold start:
 * an ES module import (as the handler's load) and a Runtime API round trip (connect, request,
 * response) against a server of this process. V8 compiles a function when it first runs;
 * done here, that compilation (several milliseconds of Node.js's own module loader and sockets)
 * is off the cold start.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHandler } from './handler.js';
import { closeConnection, nextInvocation } from './runtime-client.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const EVENT = '{}';
const NEXT_EVENT =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: warm-up\r\n' +
  `Content-Length: ${EVENT.length}\r\n\r\n${EVENT}`;

/** On a Unix socket, as the environment's own Runtime API will be reached. */
async function roundTrip(): Promise<void> {
  const socketPath = join(tmpdir(), `nubis-warm-up-${process.pid}.sock`);
  rmSync(socketPath, { force: true });
  const server = createServer((socket) => socket.once('data', () => socket.end(NEXT_EVENT)));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
  try {
    await nextInvocation({ api: 'localhost', socketPath });
  } finally {
    closeConnection();
    server.close();
  }
}

export async function warmUp(): Promise<void> {
  await Promise.all([loadHandler(HERE, 'warm-up-module.handler'), roundTrip()]).catch(() => undefined);
}
