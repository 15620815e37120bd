// A function URL's own CORS (its Cors configuration): Lambda answers pre-flight requests itself
// and adds the CORS headers to every response; they take precedence over any the function returns.
import type { Cors } from '@aws-sdk/client-lambda';
import type { HttpResponse } from '../../protocol/types.js';

export function isPreflight(method: string, headers: Record<string, string>): boolean {
  return (
    method === 'OPTIONS' &&
    headers['origin'] !== undefined &&
    headers['access-control-request-method'] !== undefined
  );
}

/** `*` allows any origin; with credentials the origin itself is named, as browsers require. */
function allowedOrigin(cors: Cors, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes('*')) return cors.AllowCredentials ? origin : '*';
  return origins.includes(origin) ? origin : undefined;
}

function originHeaders(cors: Cors, origin: string): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  if (cors.AllowCredentials) headers['Access-Control-Allow-Credentials'] = 'true';
  if (cors.ExposeHeaders?.length) headers['Access-Control-Expose-Headers'] = cors.ExposeHeaders.join(',');
  return headers;
}

/** An origin the configuration does not allow gets an answer without CORS headers, which the browser refuses. */
export function preflightResponse(cors: Cors, headers: Record<string, string>): HttpResponse {
  const origin = allowedOrigin(cors, headers['origin']);
  if (!origin) return { status: 200, headers: {}, body: '' };
  const answer = originHeaders(cors, origin);
  if (cors.AllowMethods?.length) answer['Access-Control-Allow-Methods'] = cors.AllowMethods.join(',');
  if (cors.AllowHeaders?.length) answer['Access-Control-Allow-Headers'] = cors.AllowHeaders.join(',');
  if (cors.MaxAge !== undefined) answer['Access-Control-Max-Age'] = String(cors.MaxAge);
  return { status: 200, headers: answer, body: '' };
}

export function withCors(response: HttpResponse, cors: Cors, origin: string | undefined): HttpResponse {
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(([name]) => !name.toLowerCase().startsWith('access-control-')),
  );
  const allowed = allowedOrigin(cors, origin);
  return { ...response, headers: allowed ? { ...headers, ...originHeaders(cors, allowed) } : headers };
}
