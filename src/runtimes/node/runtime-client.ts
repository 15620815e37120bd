/**
 * The runtime's side of the Lambda Runtime API. Every invocation costs one request (post the
 * answer and wait for the next event: runtime-api.ts's AWAIT_NEXT_HEADER), and an idle
 * environment wakes only for it, so it is kept to the bare minimum of HTTP/1.1 that Nubis's own
 * Runtime API server speaks: one keep-alive connection, responses framed by Content-Length. node:http's client
 * costs several times more per request, which shows when many environments share few cores
 * (AWS's own Node.js runtime client talks to the Runtime API through a native HTTP client for the
 * same reason).
 */
import { connect, type Socket } from 'node:net';

export interface RuntimeResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export type NextInvocation = RuntimeResponse;

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Where the Runtime API is: AWS_LAMBDA_RUNTIME_API (`host:port`, also the Host header), and the
 * Unix socket Nubis serves it on too, used when there is one (runtime-api.ts, SOCKET_VARIABLE).
 */
export interface RuntimeTarget {
  api: string;
  socketPath: string | undefined;
}

function connectTo(target: RuntimeTarget): Socket {
  if (target.socketPath !== undefined) return connect({ path: target.socketPath });
  const colon = target.api.lastIndexOf(':');
  return connect({
    host: target.api.slice(0, colon),
    port: Number(target.api.slice(colon + 1)),
    noDelay: true,
  });
}

let socketPath: string | undefined;

/**
 * Takes the socket's path out of the environment (the function sees Lambda's variables only);
 * called once the environment has its variables.
 */
export function takeRuntimeSocket(env: NodeJS.ProcessEnv): void {
  socketPath = env['NUBIS_RUNTIME_API_SOCKET'];
  delete env['NUBIS_RUNTIME_API_SOCKET'];
}

/** Read when used: a pre-started process receives its variables late. */
function runtimeTarget(): RuntimeTarget {
  return { api: process.env['AWS_LAMBDA_RUNTIME_API'] ?? '', socketPath };
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const lines = head.split('\r\n');
  const status = Number(lines[0]?.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers };
}

interface Waiting {
  resolve: (response: RuntimeResponse) => void;
  reject: (error: Error) => void;
}

/** One connection; responses (framed by Content-Length) come in the order of the requests. */
class Connection {
  private readonly socket: Socket;
  private unread: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiting[] = [];
  closed = false;

  constructor(target: RuntimeTarget) {
    this.socket = connectTo(target);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('Runtime API connection closed')));
  }

  get busy(): boolean {
    return this.waiting.length > 0;
  }

  /** Writes the request (one system call); resolves with its response. */
  send(request: string): Promise<RuntimeResponse> {
    const response = new Promise<RuntimeResponse>((resolve, reject) =>
      this.waiting.push({ resolve, reject }),
    );
    this.socket.ref();
    this.socket.write(request);
    return response;
  }

  private receive(chunk: Buffer): void {
    this.unread = this.unread.length === 0 ? chunk : Buffer.concat([this.unread, chunk]);
    for (;;) {
      const headEnd = this.unread.indexOf(HEAD_END);
      if (headEnd === -1) return;
      const { status, headers } = parseHead(this.unread.toString('latin1', 0, headEnd));
      const bodyStart = headEnd + HEAD_END.length;
      const bodyEnd = bodyStart + Number(headers['content-length'] ?? 0);
      if (this.unread.length < bodyEnd) return;
      const body = this.unread.toString('utf8', bodyStart, bodyEnd);
      this.unread = this.unread.subarray(bodyEnd);
      this.waiting.shift()?.resolve({ status, headers, body });
      // An idle connection must not keep the process alive: a callback handler's answer waits
      // for the event loop to empty (callbackWaitsForEmptyEventLoop), as node:http's agent allows.
      if (this.waiting.length === 0) this.socket.unref();
    }
  }

  private fail(error: Error): void {
    this.closed = true;
    for (const waiting of this.waiting.splice(0)) waiting.reject(error);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}

let connection: Connection | undefined;

function request(
  method: string,
  path: string,
  body = '',
  headers: Record<string, string> = {},
  api = runtimeTarget().api,
): string {
  let head = `${method} /2018-06-01/runtime/${path} HTTP/1.1\r\nHost: ${api}\r\n`;
  head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return `${head}\r\n${body}`;
}

function send(request: string, target = runtimeTarget()): Promise<RuntimeResponse> {
  if (!connection || connection.closed) connection = new Connection(target);
  // A fatal error can be reported while the long poll for the next event is open: it goes on a
  // connection of its own.
  if (connection.busy) {
    const aside = new Connection(target);
    const response = aside.send(request);
    void response.finally(() => aside.close()).catch(() => undefined);
    return response;
  }
  return connection.send(request);
}

export function nextInvocation(target = runtimeTarget()): Promise<NextInvocation> {
  return send(request('GET', 'invocation/next', '', {}, target.api), target);
}

/** The next request opens a new connection (after the pre-started runtime's warm-up). */
export function closeConnection(): void {
  connection?.close();
  connection = undefined;
}

/**
 * Nubis's Runtime API answers a request carrying this header with the next event (see
 * runtime-api.ts), so an invocation costs one round trip and its environment wakes once.
 */
const AWAIT_NEXT = { 'Nubis-Await-Next': '1' };

/**
 * Posts an invocation's answer and waits for the next event in the same request. Any other answer
 * (the response refused as oversized, an unknown request id) or a closed connection: the next
 * event is asked for afresh.
 */
async function answerAndWaitNext(answer: string): Promise<NextInvocation> {
  const next = await send(answer).catch(() => undefined);
  return next?.status === 200 ? next : nextInvocation();
}

export function postResponseAndWaitNext(requestId: string, body: string): Promise<NextInvocation> {
  return answerAndWaitNext(
    request('POST', `invocation/${encodeURIComponent(requestId)}/response`, body, {
      'Content-Type': 'application/json',
      ...AWAIT_NEXT,
    }),
  );
}

export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

function errorRequest(
  requestId: string | undefined,
  error: ErrorBody,
  extraHeaders: Record<string, string> = {},
): string {
  const path = requestId === undefined ? 'init/error' : `invocation/${encodeURIComponent(requestId)}/error`;
  return request('POST', path, JSON.stringify(error), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': error.errorType,
    ...extraHeaders,
  });
}

export async function postError(requestId: string | undefined, error: ErrorBody): Promise<void> {
  await send(errorRequest(requestId, error));
}

/** Posts an invocation's error and waits for the next event in the same request, as above. */
export function postErrorAndWaitNext(requestId: string, error: ErrorBody): Promise<NextInvocation> {
  return answerAndWaitNext(errorRequest(requestId, error, AWAIT_NEXT));
}
