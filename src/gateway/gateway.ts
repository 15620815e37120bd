import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountForAccessKey } from '../core/accounts.js';
import type { ServiceEnvironment } from '../core/service.js';
import type { HttpRequest, HttpResponse } from '../protocol/types.js';
import { BodyTooLargeError, MAX_REQUEST_BODY_BYTES, readBody } from './body.js';
import { corsResponseHeaders, isPreflight, preflightHeaders } from './cors.js';
import { dispatch, selectCodec } from './dispatch.js';
import { identifyService } from './identify.js';
import { INTERNAL_PREFIX, internalRoute, type InternalRouteDeps } from './internal-routes.js';
import { parseSignature } from './sigv4.js';
import { unidentifiedRequest } from './unidentified.js';
import { CommonErrors } from '../core/aws-error.js';

export interface GatewayDeps extends InternalRouteDeps {
  env: ServiceEnvironment;
  /** Aborted when the platform stops, so long polls return at once. */
  shutdown: AbortSignal;
}

/**
 * The HTTP edge, as a chain of small steps: request id → internal routes → CORS pre-flight →
 * body → SigV4 → account and region → identify the service → dispatch → write the response.
 */
export function createGateway(deps: GatewayDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const origin = req.headers['origin'];
    let response: HttpResponse;
    try {
      response = await respond(deps, req, res, requestId);
    } catch (error) {
      console.error(`[nubis] ${requestId} unexpected gateway failure:`, error);
      response = unidentifiedRequest(CommonErrors.internalFailure(requestId), req.headers, requestId);
    }
    writeResponse(res, response, requestId, origin);
  };
}

async function respond(
  deps: GatewayDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);

  if (isPreflight(method, req.headers))
    return { status: 200, headers: preflightHeaders(req.headers), body: '' };

  const headers = flattenHeaders(req);
  const httpRequest: HttpRequest = { method, path, query, headers, body: Buffer.alloc(0) };
  const signature = parseSignature(headers, query);
  try {
    httpRequest.body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return tooLarge(deps, httpRequest, signature.credential?.service, requestId);
    throw error;
  }
  if (path.startsWith(INTERNAL_PREFIX)) return internalRoute(deps, method, path, httpRequest.body);

  const runtime = identifyService(deps.registry, httpRequest, signature.credential?.service);
  if (!runtime) {
    return unidentifiedRequest(CommonErrors.unknownOperation(`${method} ${path}`), req.headers, requestId);
  }
  const accessKeyId = signature.accessKeyId ?? '';
  const caller = {
    requestId,
    accessKeyId,
    accountId: accountForAccessKey(accessKeyId),
    region: signature.credential?.region ?? deps.config.region,
    endpoint: `http://${headers['host'] ?? `${deps.config.host}:${deps.config.port}`}`,
    signal: requestSignal(res, deps.shutdown),
  };
  return dispatch(runtime, httpRequest, caller, deps.env);
}

/** An oversized body is answered in the shape of the service it was for, when that can be told without it. */
function tooLarge(
  deps: GatewayDeps,
  req: HttpRequest,
  signingName: string | undefined,
  requestId: string,
): HttpResponse {
  const error = CommonErrors.requestTooLarge(MAX_REQUEST_BODY_BYTES);
  const runtime = identifyService(deps.registry, req, signingName);
  if (!runtime) return unidentifiedRequest(error, req.headers, requestId);
  return selectCodec(runtime, req).serializeError(error, undefined, { requestId });
}

/** Aborted when the client goes away before its answer, or when the platform stops. */
function requestSignal(res: ServerResponse, shutdown: AbortSignal): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return AbortSignal.any([controller.signal, shutdown]);
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function writeResponse(
  res: ServerResponse,
  response: HttpResponse,
  requestId: string,
  origin: string | undefined,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers, ...corsResponseHeaders(origin) };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'x-amzn-requestid')) {
    headers['x-amzn-RequestId'] = requestId;
  }
  headers['Content-Length'] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, headers);
  res.end(response.body);
}
