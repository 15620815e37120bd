import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountForAccessKey } from '../core/accounts.js';
import type { ServiceRuntime } from '../core/registry.js';
import type { ServiceEnvironment } from '../core/service.js';
import type { HttpRequest, HttpResponse } from '../protocol/types.js';
import { BodyTooLargeError, MAX_REQUEST_BODY_BYTES, readBody } from './body.js';
import { findClaim, serveClaim } from './claimed.js';
import { corsResponseHeaders, isPreflight, preflightHeaders } from './cors.js';
import { dispatch, selectCodec } from './dispatch.js';
import { identifyBeforeBody, identifyService, unidentifiedService } from './identify.js';
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
 * The HTTP edge, as a chain of small steps: request id → requests a service claims (function
 * URLs) → internal routes → CORS pre-flight → body → SigV4 → account and region → identify the
 * service → dispatch → write the response.
 */
export function createGateway(gatewayDeps: GatewayDeps) {
  const deps = { ...gatewayDeps, requestSignal: createRequestSignals(gatewayDeps.shutdown) };
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const claim = findClaim(deps.registry, req);
    // A claimed request's CORS headers are its owner's (a function URL's own Cors configuration).
    const origin = claim ? undefined : req.headers['origin'];
    let response: HttpResponse;
    try {
      response = claim
        ? await serveClaim(claim, deps.env, req, requestId)
        : await respond(deps, req, res, requestId);
    } catch (error) {
      console.error(`[nubis] ${requestId} unexpected gateway failure:`, error);
      response = unidentifiedRequest(CommonErrors.internalFailure(requestId), req.headers, requestId);
    }
    writeResponse(res, response, requestId, origin);
  };
}

type ChainDeps = GatewayDeps & { requestSignal: (res: ServerResponse) => AbortSignal };

async function respond(
  deps: ChainDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);

  const headers = flattenHeaders(req);
  const httpRequest: HttpRequest = { method, path, query, headers, body: Buffer.alloc(0) };
  const signature = parseSignature(headers, query);
  const signingName = signature.credential?.service;
  const region = signature.credential?.region ?? deps.config.region;
  const early =
    identifyBeforeBody(deps.registry, httpRequest, signingName) ?? unidentifiedService(deps.registry);
  const door = early?.definition.frontDoor;
  try {
    httpRequest.body = await readBody(req, door?.maxRequestBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    if (door?.tooLarge)
      return door.tooLarge({ http: httpRequest, requestId, region, knowsOperation: () => false });
    return tooLarge(deps, httpRequest, signingName, requestId);
  }
  if (path.startsWith(INTERNAL_PREFIX)) return internalRoute(deps, method, path, httpRequest.body);

  const identified = identifyService(deps.registry, httpRequest, signingName);
  const runtime = identified ?? unidentifiedService(deps.registry);
  const frontDoor = runtime?.definition.frontDoor;
  if (isPreflight(method, req.headers) && !frontDoor)
    return { status: 200, headers: preflightHeaders(req.headers), body: '' };
  if (!runtime) {
    return unidentifiedRequest(CommonErrors.unknownOperation(`${method} ${path}`), req.headers, requestId);
  }
  const accessKeyId = signature.accessKeyId ?? '';
  const caller = {
    requestId: frontDoor?.requestId?.() ?? requestId,
    accessKeyId,
    accountId: accountForAccessKey(accessKeyId),
    region,
    endpoint: `http://${headers['host'] ?? `${deps.config.host}:${deps.config.port}`}`,
    signal: lazily(() => deps.requestSignal(res)),
    internal: false,
  };
  if (!frontDoor) return dispatch(runtime, httpRequest, caller, deps.env);
  const known = operationsOf(runtime);
  const knowsOperation = (name: string) => known.has(name);
  const doorRequest = { http: httpRequest, requestId: caller.requestId, region, knowsOperation };
  const response = frontDoor.screen(doorRequest) ?? (await dispatch(runtime, httpRequest, caller, deps.env));
  return frontDoor.finish ? frontDoor.finish(doorRequest, response) : response;
}

const operationSets = new WeakMap<ServiceRuntime, Set<string>>();

/** A service's operation names, read from its models once (front doors ask on every request). */
function operationsOf(runtime: ServiceRuntime): Set<string> {
  let names = operationSets.get(runtime);
  if (!names) {
    names = new Set(runtime.codecs().flatMap((codec) => codec.operationNames()));
    operationSets.set(runtime, names);
  }
  return names;
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

function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * Each request's signal is aborted when its client goes away before the answer, or when the
 * platform stops. Open requests are tracked in a set rather than with AbortSignal.any, which keeps
 * every combined signal alive on Node 20.
 */
function createRequestSignals(shutdown: AbortSignal) {
  const open = new Set<AbortController>();
  shutdown.addEventListener('abort', () => open.forEach((controller) => controller.abort()), { once: true });
  return (res: ServerResponse): AbortSignal => {
    const controller = new AbortController();
    // Made on first use, so the client may already be gone.
    if (shutdown.aborted || (res.destroyed && !res.writableFinished)) controller.abort();
    open.add(controller);
    res.once('close', () => {
      open.delete(controller);
      if (!res.writableFinished) controller.abort();
    });
    return controller.signal;
  };
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
  // A service's own CORS headers (DynamoDB's `*`) win over the generic ones.
  const headers: Record<string, string> = { ...corsResponseHeaders(origin), ...response.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'x-amzn-requestid')) {
    headers['x-amzn-RequestId'] = requestId;
  }
  if (!response.chunked) headers['Content-Length'] = String(Buffer.byteLength(response.body));
  res.writeHead(
    response.status,
    response.setCookies ? { ...headers, 'Set-Cookie': response.setCookies } : headers,
  );
  res.end(response.body);
}
