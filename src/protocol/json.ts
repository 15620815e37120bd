// The AWS JSON 1.0/1.1 protocols (DynamoDB, SQS, Step Functions, CloudWatch Logs, EventBridge):
// `X-Amz-Target: <prefix>.<Operation>`, a JSON body in and out, epoch-seconds timestamps.
import type { AwsError } from '../core/aws-error.js';
import type { Codec, HttpRequest, HttpResponse, ResponseMeta } from './types.js';
import type { ModelMetadata, ServiceModel } from './model.js';
import { quirksFor, type ServiceQuirks } from './quirks/index.js';
import { coralErrorType } from './quirks/coral.js';
import { finishInput, header, mediaType, operationOf, type InputRules } from './codec-support.js';
import { readJson, writeStructure } from './json-value.js';
import { coralPath, memberPath } from './validate.js';
import { serializationError, unknownOperationError, validationError } from './errors.js';
import { decodeUtf8 } from './values.js';

export class JsonCodec implements Codec {
  readonly protocol = 'json' as const;
  private readonly quirks: ServiceQuirks;
  private readonly prefix: string;
  private readonly contentType: string;
  private readonly rules: InputRules;

  constructor(private readonly model: ServiceModel) {
    this.quirks = quirksFor(model);
    this.prefix = model.metadata.targetPrefix ?? '';
    this.contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
    this.rules = { wireName: memberPath, missing: (paths) => validationError(paths.map(coralPath)) };
  }

  accepts(req: HttpRequest): boolean {
    return acceptsJson(this.model.metadata, req);
  }

  resolveOperation(req: HttpRequest): string {
    const target = header(req, 'x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    const operation = target.slice(dot + 1);
    if (dot < 0 || target.slice(0, dot) !== this.prefix || !this.model.hasOperation(operation)) {
      throw unknownOperationError();
    }
    return operation;
  }

  parseRequest(operation: string, req: HttpRequest): Record<string, unknown> {
    const op = operationOf(this.model, operation, unknownOperationError);
    const body = parseJsonBody(req.body);
    if (this.quirks.rawJson) return rawInput(body);
    const input = op.input ? (readJson(op.input, body) as Record<string, unknown> | undefined) : {};
    return finishInput(op, input ?? {}, req, this.quirks, this.rules);
  }

  serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = operationOf(this.model, operation, unknownOperationError);
    const text = this.quirks.rawJson
      ? JSON.stringify(output ?? {})
      : JSON.stringify(op.output ? writeStructure(op.output, output ?? {}, 'unixTimestamp') : {});
    return { status: 200, headers: this.headers(meta, text), body: text };
  }

  serializeError(error: AwsError, _operation: string | undefined, meta: ResponseMeta): HttpResponse {
    const type = this.quirks.errorType?.(error.code) ?? coralErrorType(error.code) ?? error.code;
    const body: Record<string, unknown> = { __type: type };
    // Coral omits the message of framework errors that have none (malformed JSON, unknown target).
    if (error.message) body.message = error.message;
    Object.assign(body, error.fields);
    const text = JSON.stringify(body);
    const headers = { ...this.headers(meta, text), ...error.headers };
    if (this.model.metadata.awsQueryCompatible) {
      // SDKs built from JSON models read the legacy query code from this header.
      const code = error.queryCode ?? this.quirks.queryCode?.(error.code) ?? error.code;
      headers['x-amzn-query-error'] = `${code};${error.senderFault ? 'Sender' : 'Receiver'}`;
    }
    return { status: error.status, headers, body: text };
  }

  operationNames(): string[] {
    return this.model.operationNames();
  }

  private headers(meta: ResponseMeta, body: string): Record<string, string> {
    const headers = { 'content-type': this.contentType, 'x-amzn-requestid': meta.requestId };
    return this.quirks.bodyHeaders ? Object.assign(headers, this.quirks.bodyHeaders(body)) : headers;
  }
}

/** `X-Amz-Target: <this model's prefix>.<Operation>`, or a JSON-RPC content type without a target. */
export function acceptsJson(meta: ModelMetadata, req: HttpRequest): boolean {
  const target = header(req, 'x-amz-target');
  if (target !== undefined) return target.startsWith(`${meta.targetPrefix ?? ''}.`);
  return mediaType(req).startsWith('application/x-amz-json-');
}

/** A body that is not a JSON object cannot be an operation's input. */
function rawInput(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw serializationError();
  return body as Record<string, unknown>;
}

/** An empty body means `{}`; anything unreadable is a SerializationException. */
export function parseJsonBody(bytes: Buffer): unknown {
  const text = decodeUtf8(bytes);
  if (text === undefined) throw serializationError();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw serializationError();
  }
}
