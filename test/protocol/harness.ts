// A tiny HTTP server that uses nothing but codecs: resolveOperation → parseRequest → a fake
// handler that records the input and returns a canned output → serializeResponse; an AwsError
// becomes serializeError. Official AWS clients are pointed at it in the round-trip tests.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError, isAwsError } from '../../src/core/aws-error.js';
import { createCodec } from '../../src/protocol/codec.js';
import type { Codec, HttpRequest, HttpResponse } from '../../src/protocol/types.js';

export type Canned = unknown | AwsError | ((input: Record<string, unknown>) => unknown);

export interface Call {
  operation: string;
  input: Record<string, unknown>;
  protocol: string;
  request: HttpRequest;
}

export interface Harness {
  endpoint: string;
  calls: Call[];
  /** What the fake handler answers for an operation (an AwsError is thrown). */
  respond(operation: string, canned: Canned): void;
  lastRequestId: string;
  last(): Call;
  close(): Promise<void>;
}

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

function toHttpRequest(message: IncomingMessage, body: Buffer): HttpRequest {
  const url = message.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: message.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body,
  };
}

/** Runs one request through the codecs; exported so tests can drive codecs without HTTP. */
export function handle(
  codecs: Codec[],
  req: HttpRequest,
  requestId: string,
  answer: (operation: string, input: Record<string, unknown>, codec: Codec) => unknown,
): HttpResponse {
  const codec = codecs.find((c) => c.accepts(req)) ?? codecs[0]!;
  let operation: string | undefined;
  try {
    operation = codec.resolveOperation(req);
    const input = codec.parseRequest(operation, req);
    const output = answer(operation, input, codec);
    return codec.serializeResponse(operation, output ?? {}, { requestId });
  } catch (error) {
    if (!isAwsError(error)) throw error;
    return codec.serializeError(error, operation, { requestId });
  }
}

export async function startHarness(...modelFiles: string[]): Promise<Harness> {
  const codecs = modelFiles.map((file) => createCodec(file));
  const canned = new Map<string, Canned>();
  const calls: Call[] = [];
  let counter = 0;
  const harness: Harness = {
    endpoint: '',
    calls,
    lastRequestId: '',
    respond: (operation, value) => canned.set(operation, value),
    last: () => calls[calls.length - 1]!,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((message, res) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      const req = toHttpRequest(message, Buffer.concat(chunks));
      const requestId = `req-${++counter}`;
      harness.lastRequestId = requestId;
      let response: HttpResponse;
      try {
        response = handle(codecs, req, requestId, (operation, input, codec) => {
          calls.push({ operation, input, protocol: codec.protocol, request: req });
          const value = canned.get(operation);
          if (isAwsError(value)) throw value;
          return typeof value === 'function'
            ? (value as (i: Record<string, unknown>) => unknown)(input)
            : value;
        });
      } catch (error) {
        response = { status: 599, headers: { 'content-type': 'text/plain' }, body: String(error) };
      }
      res.writeHead(response.status, response.headers);
      res.end(req.method === 'HEAD' ? undefined : response.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  harness.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return harness;
}

export function clientConfig(harness: Harness) {
  return { endpoint: harness.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 };
}

export { AwsError };
