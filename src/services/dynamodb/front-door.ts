// DynamoDB's HTTP front end, as recorded from DynamoDB (dynalite's connection tests): a health
// answer on GET, 404 `<UnknownOperationException/>` for other methods and content types, then
// JSON framework errors — unreadable body, unknown target, missing or incomplete signature —
// before any operation runs; 52-character request ids; `*` CORS answers; a 16 MB body limit.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { FrontDoor, FrontDoorRequest } from '../../core/service.js';
import type { HttpResponse } from '../../protocol/types.js';

const REQUEST_ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const REQUEST_ID_LENGTH = 52;
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const JSON_TYPES = new Set(['application/json', 'application/x-amz-json-1.0']);
/** DynamoDB's and DynamoDB Streams' targets (both sign as `dynamodb`). */
const TARGET_PREFIXES = ['DynamoDB_20120810.', 'DynamoDBStreams_20120810.'];
const CORS_MAX_AGE_S = '172800';

/** Random bytes drawn in blocks: one system call per many request ids. */
const pool = { bytes: Buffer.alloc(0), offset: 0 };
const POOL_IDS = 256;

function requestId(): string {
  if (pool.offset + REQUEST_ID_LENGTH > pool.bytes.length) {
    pool.bytes = randomBytes(REQUEST_ID_LENGTH * POOL_IDS);
    pool.offset = 0;
  }
  let id = '';
  for (let i = 0; i < REQUEST_ID_LENGTH; i++) {
    id += REQUEST_ID_ALPHABET[pool.bytes[pool.offset + i]! % REQUEST_ID_ALPHABET.length];
  }
  pool.offset += REQUEST_ID_LENGTH;
  return id;
}

function plain(status: number, body: string, request: FrontDoorRequest, type?: string): HttpResponse {
  const headers: Record<string, string> = {
    'x-amzn-RequestId': request.requestId,
    'x-amz-crc32': String(crc32(body)),
  };
  if (type) headers['Content-Type'] = type;
  return { status, headers, body };
}

const notFound = (request: FrontDoorRequest) =>
  plain(404, '<UnknownOperationException/>\n', request, 'text/plain');

function jsonError(request: FrontDoorRequest, type: string, code: string, message?: string): HttpResponse {
  const body = JSON.stringify(message === undefined ? { __type: code } : { __type: code, message });
  return plain(400, body, request, type);
}

/** The request's JSON media type; a request with neither body nor type counts as application/json. */
function jsonMediaType(request: FrontDoorRequest): string | undefined {
  const header = request.http.headers['content-type'];
  if (header === undefined) return request.http.body.length === 0 ? 'application/json' : undefined;
  const media = header.split(';')[0]!.trim().toLowerCase();
  return JSON_TYPES.has(media) ? media : undefined;
}

function readable(body: Buffer): boolean {
  if (body.length === 0) return true;
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function cors(request: FrontDoorRequest): HttpResponse {
  const headers: Record<string, string> = {
    'x-amzn-RequestId': request.requestId,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Max-Age': CORS_MAX_AGE_S,
  };
  const asked = request.http.headers;
  if (asked['access-control-request-headers'])
    headers['Access-Control-Allow-Headers'] = asked['access-control-request-headers'];
  if (asked['access-control-request-method'])
    headers['Access-Control-Allow-Methods'] = asked['access-control-request-method'];
  return { status: 200, headers, body: '' };
}

const QUERY_SIGNATURE_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
];

/** Signature problems DynamoDB reports before it looks at the operation (messages as AWS has them). */
function signatureProblem(request: FrontDoorRequest, type: string): HttpResponse | undefined {
  const query = new URLSearchParams(request.http.query);
  const authorization = request.http.headers['authorization'];
  const service = 'com.amazon.coral.service#';
  if (query.has('X-Amz-Algorithm')) {
    if (authorization !== undefined) {
      return jsonError(
        request,
        type,
        `${service}InvalidSignatureException`,
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
      );
    }
    const missing = QUERY_SIGNATURE_PARAMS.filter((name) => !query.get(name));
    if (missing.length === 0) return undefined;
    const message = missing.map((name) => `AWS query-string parameters must include '${name}'. `).join('');
    return jsonError(
      request,
      type,
      `${service}IncompleteSignatureException`,
      `${message}Re-examine the query-string parameters.`,
    );
  }
  if (authorization === undefined || !authorization.startsWith('AWS4-')) {
    return jsonError(
      request,
      type,
      `${service}MissingAuthenticationTokenException`,
      'Request is missing Authentication Token',
    );
  }
  const problems: string[] = [];
  for (const parameter of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!new RegExp(`(^|[\\s,])${parameter}=`).test(authorization)) {
      problems.push(`Authorization header requires '${parameter}' parameter. `);
    }
  }
  const headers = request.http.headers;
  if (headers['x-amz-date'] === undefined && headers['date'] === undefined) {
    problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
  }
  if (problems.length === 0) return undefined;
  return jsonError(
    request,
    type,
    `${service}IncompleteSignatureException`,
    `${problems.join('')}Authorization=${authorization}`,
  );
}

export const dynamodbFrontDoor: FrontDoor = {
  requestId,
  maxRequestBytes: MAX_REQUEST_BYTES,
  tooLarge: (request) => ({
    status: 413,
    headers: { 'x-amzn-RequestId': request.requestId },
    body: '',
    chunked: true,
  }),
  screen(request) {
    const { method, headers } = request.http;
    if (method === 'GET') {
      return plain(200, `healthy: dynamodb.${request.region}.amazonaws.com `, request, 'text/plain');
    }
    if (method === 'OPTIONS') return headers['origin'] ? cors(request) : notFound(request);
    if (method !== 'POST') return notFound(request);
    const type = jsonMediaType(request);
    if (!type) return notFound(request);
    if (!readable(request.http.body))
      return jsonError(request, type, 'com.amazon.coral.service#SerializationException');
    const target = headers['x-amz-target'] ?? '';
    const prefix = TARGET_PREFIXES.find((candidate) => target.startsWith(candidate));
    const operation = prefix && target.slice(prefix.length);
    if (!operation || !request.knowsOperation(operation)) {
      return jsonError(request, type, 'com.amazon.coral.service#UnknownOperationException');
    }
    // An operation needs a JSON object: an empty body is not one.
    const problem = signatureProblem(request, type);
    if (problem || request.http.body.length > 0) return problem;
    return jsonError(request, type, 'com.amazon.coral.service#SerializationException');
  },
  finish(request, response) {
    const headers = { ...response.headers };
    const type = jsonMediaType(request);
    // DynamoDB answers in the JSON media type it was asked in.
    if (type && headers['content-type']) headers['content-type'] = type;
    if (request.http.headers['origin']) headers['Access-Control-Allow-Origin'] = '*';
    return { ...response, headers };
  },
};
