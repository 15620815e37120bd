// A function's result as the function URL's HTTP response, as Lambda's "Response payload format"
// describes it: an object with `statusCode` gives the status, headers, cookies and body; any other
// JSON result is a 200 `application/json` response whose body is that JSON.
import type { HttpResponse } from '../../protocol/types.js';

/** Lambda's answer when the function fails or returns a response it cannot read. */
export function badGateway(): HttpResponse {
  return { status: 502, headers: { 'Content-Type': 'application/json' }, body: 'Internal Server Error' };
}

export function urlError(status: number, message: string): HttpResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Message: message }),
  };
}

interface StructuredResponse {
  statusCode?: unknown;
  headers?: unknown;
  cookies?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Header values may be strings, numbers or booleans; anything else makes the response invalid. */
function headersOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    if (!['string', 'number', 'boolean'].includes(typeof header)) return undefined;
    headers[name] = String(header);
  }
  return headers;
}

function structured(result: StructuredResponse): HttpResponse | undefined {
  const status = result.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return undefined;
  const headers = headersOf(result.headers);
  const cookies = result.cookies ?? [];
  if (!headers || !Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== 'string'))
    return undefined;
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') return undefined;
  const text = typeof result.body === 'string' ? result.body : '';
  const body = result.isBase64Encoded === true ? Buffer.from(text, 'base64') : text;
  return { status, headers, body, setCookies: cookies.length > 0 ? (cookies as string[]) : undefined };
}

/** Undefined when the function's response cannot be mapped (Lambda then answers 502). */
export function toHttpResponse(payload: Buffer | undefined): HttpResponse | undefined {
  const text = payload && payload.length > 0 ? payload.toString('utf8') : 'null';
  let result: unknown;
  try {
    result = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (isRecord(result) && 'statusCode' in result) return structured(result);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: text };
}
