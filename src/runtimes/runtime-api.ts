/**
 * The Lambda Runtime API (`/2018-06-01/runtime/...`) for one execution environment, on loopback
 * TCP (AWS_LAMBDA_RUNTIME_API) and on a Unix socket (SOCKET_VARIABLE). Any runtime that speaks it
 * works: the Node.js and Python bootstraps Nubis ships, or a function's own `bootstrap` executable
 * (provided.al2023). One environment serves one invocation at a time: the runtime asks for the
 * next event, posts its response or error, and asks again (or, with AWAIT_NEXT_HEADER, both in one).
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createSocketServer, type AddressInfo, type Server as SocketServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Lambda's limit for a synchronous response payload: 6 MB and, as its error message gives it,
 * 100 bytes more ("exceeded maximum allowed payload size (6291556 bytes)").
 */
export const MAX_RESPONSE_BYTES = 6_291_556;
/**
 * Nubis's own runtimes send this header (value `1`) with an invocation's response or error: the
 * server then answers that request with the next event, as `GET invocation/next` would, instead of
 * 202. One round trip per invocation instead of two: an environment wakes once per event, which is
 * what many environments sharing few cores pay for most. Other runtimes speak the API unchanged.
 */
export const AWAIT_NEXT_HEADER = 'nubis-await-next';
/**
 * The same API is also served on a Unix socket, whose path Nubis's own runtimes find in this
 * variable (and remove from the function's environment). A local socket costs less per message
 * than loopback TCP, which carries every byte through the TCP/IP stack: with 50 environments on
 * two cores, a third more round trips per second.
 */
export const SOCKET_VARIABLE = 'NUBIS_RUNTIME_API_SOCKET';
/** A Unix socket's path is limited to 107 bytes; past that the API is served on TCP only. */
const MAX_SOCKET_PATH = 100;
const API_PREFIX = '/2018-06-01/runtime/';

export interface Invocation {
  requestId: string;
  payload: Buffer;
  /** Epoch ms at which the invocation times out. */
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId?: string;
  clientContext?: string;
  cognitoIdentity?: string;
}

export type InvocationResult =
  { kind: 'response'; payload: Buffer } | { kind: 'error'; payload: Buffer; errorType: string };

export interface RuntimeError {
  errorType: string;
  payload: Buffer;
}

interface Pending {
  invocation: Invocation;
  settle: (result: InvocationResult) => void;
}

export class RuntimeApi {
  private queued: Pending | undefined;
  private readonly inFlight = new Map<string, Pending>();
  private waitingRuntime: ServerResponse | undefined;
  private initErrorListener: ((error: RuntimeError) => void) | undefined;
  /** When the runtime first asked for an event: the end of its init phase (performance.now()). */
  readyAt: number | undefined;
  /** When the last event was handed to the runtime: the start of its invocation. */
  deliveredAt: number | undefined;
  /** Resolves when the runtime first asks for an event: its init phase has ended. */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  private constructor(
    private readonly server: Server,
    private readonly local: { server: SocketServer; path: string } | undefined,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  static async start(): Promise<RuntimeApi> {
    const server = createServer({ keepAliveTimeout: 0 });
    const local = await listenLocally(server);
    const api = new RuntimeApi(server, local);
    server.on('request', (req, res) => api.route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** The Unix socket's path (SOCKET_VARIABLE), if the API is served on one. */
  get socketPath(): string | undefined {
    return this.local?.path;
  }

  /** `host:port`, the value of AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Hands an event to the runtime; resolves with what it posts back. */
  invoke(invocation: Invocation): Promise<InvocationResult> {
    if (this.queued || this.inFlight.size > 0)
      throw new Error('an environment runs one invocation at a time');
    return new Promise((settle) => {
      this.queued = { invocation, settle };
      this.deliver();
    });
  }

  /** Called once if the runtime reports that its initialisation failed. */
  onInitError(listener: (error: RuntimeError) => void): void {
    this.initErrorListener = listener;
  }

  /** Gives up on the invocation in flight (timeout, crash); a late answer is then refused. */
  abandon(requestId: string): void {
    this.inFlight.delete(requestId);
    if (this.queued?.invocation.requestId === requestId) this.queued = undefined;
  }

  async close(): Promise<void> {
    this.waitingRuntime?.destroy();
    const local = this.local;
    const closing = [this.server, ...(local ? [local.server] : [])].map(
      (server) => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    this.server.closeAllConnections();
    await Promise.all(closing);
    if (local) rmSync(local.path, { force: true });
  }

  private deliver(): void {
    const res = this.waitingRuntime;
    const pending = this.queued;
    if (!res || !pending) return;
    this.waitingRuntime = undefined;
    this.queued = undefined;
    this.deliveredAt = performance.now();
    const { invocation } = pending;
    this.inFlight.set(invocation.requestId, pending);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Content-Length': String(invocation.payload.length),
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': invocation.invokedFunctionArn,
    };
    if (invocation.traceId) headers['Lambda-Runtime-Trace-Id'] = invocation.traceId;
    if (invocation.clientContext) headers['Lambda-Runtime-Client-Context'] = invocation.clientContext;
    if (invocation.cognitoIdentity) headers['Lambda-Runtime-Cognito-Identity'] = invocation.cognitoIdentity;
    res.writeHead(200, headers);
    res.end(invocation.payload);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    if (!path.startsWith(API_PREFIX)) return reply(res, 404, 'UnknownResource', 'unknown path');
    const parts = path.slice(API_PREFIX.length).split('/');
    if (req.method === 'GET' && parts[0] === 'invocation' && parts[1] === 'next') return this.awaitNext(res);
    if (req.method === 'POST' && parts[0] === 'init' && parts[1] === 'error') {
      return void readLimited(req, res, (body) => {
        this.initErrorListener?.({ errorType: errorTypeOf(req), payload: body });
        reply(res, 202, undefined, 'OK');
      });
    }
    if (
      req.method === 'POST' &&
      parts[0] === 'invocation' &&
      parts[1] &&
      (parts[2] === 'response' || parts[2] === 'error')
    ) {
      return this.answer(req, res, decodeURIComponent(parts[1]), parts[2]);
    }
    reply(res, 404, 'UnknownResource', 'unknown path');
  }

  /** `res` answers with the next event, at once if one is queued. */
  private awaitNext(res: ServerResponse): void {
    this.waitingRuntime = res;
    this.readyAt ??= performance.now();
    this.markReady();
    this.deliver();
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    kind: 'response' | 'error',
  ): void {
    const pending = this.inFlight.get(requestId);
    if (!pending) return void (req.resume(), reply(res, 400, 'InvalidRequestID', 'Invalid request ID'));
    readLimited(
      req,
      res,
      (body) => {
        this.inFlight.delete(requestId);
        pending.settle(
          kind === 'response'
            ? { kind, payload: body }
            : { kind, payload: body, errorType: errorTypeOf(req) },
        );
        if (req.headers[AWAIT_NEXT_HEADER] === '1') this.awaitNext(res);
        else reply(res, 202, undefined, 'OK');
      },
      (size) => {
        this.inFlight.delete(requestId);
        const message = `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
        pending.settle({
          kind: 'error',
          errorType: 'Function.ResponseSizeTooLarge',
          payload: Buffer.from(
            JSON.stringify({ errorMessage: message, errorType: 'Function.ResponseSizeTooLarge' }),
          ),
        });
      },
    );
  }
}

/** A Unix socket whose connections `server` serves, in the system's temporary directory. */
async function listenLocally(server: Server): Promise<{ server: SocketServer; path: string } | undefined> {
  const path = join(tmpdir(), `nubis-runtime-${randomUUID()}.sock`);
  if (path.length > MAX_SOCKET_PATH) return undefined;
  const local = createSocketServer((socket) => server.emit('connection', socket));
  return new Promise((resolve) => {
    local.once('error', () => resolve(undefined));
    local.listen(path, () => resolve({ server: local, path }));
  });
}

function errorTypeOf(req: IncomingMessage): string {
  const header = req.headers['lambda-runtime-function-error-type'];
  return (Array.isArray(header) ? header[0] : header) ?? 'Unhandled';
}

function reply(res: ServerResponse, status: number, errorType: string | undefined, message: string): void {
  const body = JSON.stringify(errorType ? { errorType, errorMessage: message } : { status: message });
  // Framed by Content-Length, not chunked: the runtimes' clients read responses that way.
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Reads a posted body up to the response limit. Past it the rest is read and counted, not kept,
 * and once it has all arrived the request is answered 413, as Lambda's Runtime API does, and
 * `tooLarge` told the body's whole size (Lambda's error names it).
 */
function readLimited(
  req: IncomingMessage,
  res: ServerResponse,
  done: (body: Buffer) => void,
  tooLarge?: (size: number) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size <= MAX_RESPONSE_BYTES) return done(Buffer.concat(chunks, size));
    tooLarge?.(size);
    reply(res, 413, 'RequestEntityTooLarge', 'Payload exceeds the 6 MB limit');
  });
}
