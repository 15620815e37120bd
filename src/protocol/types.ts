import type { AwsError } from '../core/aws-error.js';

/** A request as the gateway received it; header names are lower case. */
export interface HttpRequest {
  method: string;
  /** Path without the query string, still percent-encoded as received. */
  path: string;
  /** Raw query string without the leading `?`. */
  query: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
  /** Set-Cookie lines, one header each: they cannot be folded into one comma-joined value. */
  setCookies?: string[];
  /** Sent with chunked transfer encoding instead of a Content-Length. */
  chunked?: boolean;
}

export type ProtocolName = 'json' | 'query' | 'rest-json' | 'rest-xml';

export interface ResponseMeta {
  requestId: string;
}

/**
 * One codec per (service model, protocol). Codecs are the only code that reads or writes wire
 * formats; operations see plain objects with AWS member names.
 */
export interface Codec {
  readonly protocol: ProtocolName;
  /** Whether this codec is the one to read this request (e.g. JSON: `X-Amz-Target`; query: a form body or `Action`). */
  accepts(req: HttpRequest): boolean;
  /** The operation's name, or throws the protocol's AwsError for an unknown or missing operation. */
  resolveOperation(req: HttpRequest): string;
  /** Decodes and validates (`required` members, types) the input; throws the protocol's AwsError. */
  parseRequest(operation: string, req: HttpRequest): Record<string, unknown>;
  serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse;
  serializeError(error: AwsError, operation: string | undefined, meta: ResponseMeta): HttpResponse;
  /** Operation names of the model, for coverage and 501 answers. */
  operationNames(): string[];
}
