import type { IncomingMessage } from 'node:http';
import type { ServiceRegistry, ServiceRuntime } from '../core/registry.js';
import type { ServiceEnvironment } from '../core/service.js';
import type { HttpRequest, HttpResponse } from '../protocol/types.js';
import { BodyTooLargeError, readBody } from './body.js';
import { parseSignature } from './sigv4.js';

/**
 * The step before AWS API identification through which a service claims plain HTTP requests as
 * its own endpoint (Lambda function URLs; API Gateway stages later), by Host header or path.
 */
export interface Claim {
  runtime: ServiceRuntime;
  request: HttpRequest;
}

/** Only the path and Host are looked at first: this runs on every request. */
export function findClaim(registry: ServiceRegistry, incoming: IncomingMessage): Claim | undefined {
  const url = incoming.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const host = incoming.headers.host;
  const runtime = registry.all().find((candidate) => candidate.definition.claimsHttp?.({ path, host }));
  if (!runtime) return undefined;
  const request: HttpRequest = {
    method: incoming.method ?? 'GET',
    path,
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers: distinctHeaders(incoming),
    body: Buffer.alloc(0),
  };
  return { runtime, request };
}

export async function serveClaim(
  claim: Claim,
  env: ServiceEnvironment,
  incoming: IncomingMessage,
  requestId: string,
): Promise<HttpResponse> {
  try {
    claim.request.body = await readBody(incoming);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return {
      status: 413,
      headers: { 'Content-Type': 'application/json' },
      body: '{"Message":"Request Entity Too Large"}',
    };
  }
  const implementation = await claim.runtime.implementation();
  if (!implementation.serveHttp)
    throw new Error(`service ${claim.runtime.name} claims requests it does not serve`);
  return implementation.serveHttp(env, {
    http: claim.request,
    requestId,
    sourceIp: incoming.socket.remoteAddress ?? '',
    accessKeyId: parseSignature(claim.request.headers, claim.request.query).accessKeyId,
  });
}

/** Lower-case names; a header sent more than once has its values joined by commas, as AWS passes them on. */
function distinctHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(incoming.headersDistinct)) {
    if (values) headers[name] = name === 'cookie' ? values.join('; ') : values.join(',');
  }
  return headers;
}
