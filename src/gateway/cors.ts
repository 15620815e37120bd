import type { IncomingHttpHeaders } from 'node:http';

/**
 * Browser SDKs send a CORS pre-flight before every signed request; AWS answers it for any origin
 * and exposes the headers the SDKs read (request ids, error types, ETags).
 */
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS';
const EXPOSED_HEADERS = [
  'x-amzn-RequestId',
  'x-amz-request-id',
  'x-amz-id-2',
  'x-amzn-ErrorType',
  'x-amzn-query-error',
  'x-amz-version-id',
  'x-amz-delete-marker',
  'ETag',
  'Content-Length',
  'Content-Type',
].join(', ');
const PREFLIGHT_MAX_AGE_S = '86400';

export function isPreflight(method: string, headers: IncomingHttpHeaders): boolean {
  return (
    method === 'OPTIONS' &&
    headers['origin'] !== undefined &&
    headers['access-control-request-method'] !== undefined
  );
}

export function preflightHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': headers['origin'] ?? '*',
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': headers['access-control-request-headers'] ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
    Vary: 'Origin',
  };
}

/** Headers every response to a cross-origin request carries. */
export function corsResponseHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  };
}
