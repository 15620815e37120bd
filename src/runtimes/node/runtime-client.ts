/**
 * The runtime's side of the Lambda Runtime API. Every invocation costs two requests (post the
 * answer, ask for the next event), and an idle environment wakes only for them, so they are kept
 * to the bare minimum of HTTP/1.1 that Nubis's own Runtime API server speaks: one keep-alive
 * connection, requests pipelined, responses framed by Content-Length. node:http's client
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

/** Splits `host:port` of AWS_LAMBDA_RUNTIME_API. */
function address(api: string): { host: string; port: number } {
  const colon = api.lastIndexOf(':');
  return { host: api.slice(0, colon), port: Number(api.slice(colon + 1)) };
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

/** One connection; requests may be pipelined, and responses (framed by Content-Length) come in order. */
class Connection {
  private readonly socket: Socket;
  private unread: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiting[] = [];
  closed = false;

  constructor(api: string) {
    const { host, port } = address(api);
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('Runtime API connection closed')));
  }

  get busy(): boolean {
    return this.waiting.length > 0;
  }

  /** Writes the requests at once (one system call); a promise per response. */
  send(requests: string[]): Promise<RuntimeResponse>[] {
    const responses = requests.map(
      () => new Promise<RuntimeResponse>((resolve, reject) => this.waiting.push({ resolve, reject })),
    );
    this.socket.ref();
    this.socket.write(requests.join(''));
    return responses;
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

function request(method: string, path: string, body = '', headers: Record<string, string> = {}): string {
  const api = process.env['AWS_LAMBDA_RUNTIME_API'] ?? '';
  let head = `${method} /2018-06-01/runtime/${path} HTTP/1.1\r\nHost: ${api}\r\n`;
  head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return `${head}\r\n${body}`;
}

function send(requests: string[]): Promise<RuntimeResponse>[] {
  const api = process.env['AWS_LAMBDA_RUNTIME_API'] ?? '';
  if (!connection || connection.closed) connection = new Connection(api);
  // A fatal error can be reported while the long poll for the next event is open: it goes on a
  // connection of its own.
  if (connection.busy) {
    const aside = new Connection(api);
    const responses = aside.send(requests);
    void Promise.allSettled(responses).then(() => aside.close());
    return responses;
  }
  return connection.send(requests);
}

const NEXT = (): string => request('GET', 'invocation/next');

export function nextInvocation(): Promise<NextInvocation> {
  return send([NEXT()])[0]!;
}

/**
 * Posts an invocation's answer and, in the same write, asks for the next event (HTTP/1.1
 * pipelining); resolves with that next event. If the server closed the connection after the
 * answer (it refuses an oversized one that way), the next event is asked for afresh.
 */
export async function postResponseAndWaitNext(requestId: string, body: string): Promise<NextInvocation> {
  const answer = request('POST', `invocation/${encodeURIComponent(requestId)}/response`, body, {
    'Content-Type': 'application/json',
  });
  const [posted, next] = send([answer, NEXT()]);
  await posted!.catch(() => undefined);
  return next!.catch(() => nextInvocation());
}

export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

function errorRequest(requestId: string | undefined, error: ErrorBody): string {
  const path = requestId === undefined ? 'init/error' : `invocation/${encodeURIComponent(requestId)}/error`;
  return request('POST', path, JSON.stringify(error), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': error.errorType,
  });
}

export async function postError(requestId: string | undefined, error: ErrorBody): Promise<void> {
  await send([errorRequest(requestId, error)])[0];
}

/** Posts an invocation's error and asks for the next event in the same write, as above. */
export async function postErrorAndWaitNext(requestId: string, error: ErrorBody): Promise<NextInvocation> {
  const [posted, next] = send([errorRequest(requestId, error), NEXT()]);
  await posted!.catch(() => undefined);
  return next!.catch(() => nextInvocation());
}
