// The REST-JSON protocol (Lambda, API Gateway): operations found by method and path, members bound
// to the URI, query string and headers, the rest (or the payload member) in a JSON body.
import { AwsError } from '../core/aws-error.js';
import type { HttpRequest, HttpResponse, ResponseMeta } from './types.js';
import type { Operation, Shape } from './model.js';
import { finishInput, operationOf } from './codec-support.js';
import { RestCodec } from './rest-codec.js';
import { readBound, writeBound } from './rest.js';
import { readJson, readJsonBody, typeName, writeJson, writeStructure } from './json-value.js';
import { parseJsonBody } from './json.js';
import { serializationError } from './errors.js';
import { isPlainObject, toBuffer } from './values.js';

export class RestJsonCodec extends RestCodec {
  readonly protocol = 'rest-json' as const;

  protected noRoute(): AwsError {
    return unknownRoute();
  }

  protected malformedQuery(): AwsError {
    return serializationError('Malformed query string');
  }

  parseRequest(operation: string, req: HttpRequest): Record<string, unknown> {
    const op = operationOf(this.model, operation, unknownRoute);
    const query = this.query(req);
    const match = this.routeOf(req, op, query);
    if (!op.input) return {};
    const invalid = (_wire: string, _value: string, member: Shape) =>
      serializationError(`STRING_VALUE can not be converted to ${typeName(member.type)}`);
    const input = readBound(op.input, req, match?.labels ?? new Map(), query, invalid);
    Object.assign(input, this.readBody(op, req));
    return finishInput(op, input, req, this.quirks, this.rules);
  }

  serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = operationOf(this.model, operation, unknownRoute);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': meta.requestId,
    };
    const value = isPlainObject(output) ? output : {};
    if (!op.output) return { status: op.responseCode ?? 200, headers, body: '' };
    const status = writeBound(op.output, value, headers) ?? op.responseCode ?? 200;
    const payload = op.output.payload;
    if (payload) {
      const member = op.output.members.get(payload)!;
      const body = value[payload];
      if (body === undefined || body === null) return { status, headers, body: '' };
      if (member.type === 'blob' || member.type === 'string') {
        if (member.type === 'blob' && !headers['content-type'])
          headers['content-type'] = 'application/octet-stream';
        return { status, headers, body: toBuffer(body) };
      }
      return { status, headers, body: JSON.stringify(writeJson(member, body, 'unixTimestamp')) };
    }
    const body = writeStructure(op.output, value, 'unixTimestamp', true);
    // A 204 carries no body; otherwise AWS sends a JSON document, `{}` when empty.
    return { status, headers, body: status === 204 ? '' : JSON.stringify(body) };
  }

  serializeError(error: AwsError, _operation: string | undefined, meta: ResponseMeta): HttpResponse {
    const body = this.quirks.restJsonErrorBody?.(error) ?? { message: error.message, ...error.fields };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': meta.requestId,
      'x-amzn-errortype': error.code,
      ...error.headers,
    };
    return { status: error.status, headers, body: JSON.stringify(body) };
  }

  private readBody(op: Operation, req: HttpRequest): Record<string, unknown> {
    const input = op.input!;
    const payload = input.payload;
    if (payload) {
      const member = input.members.get(payload)!;
      if (member.type === 'blob')
        return req.body.length > 0 || member.streaming ? { [payload]: req.body } : {};
      if (member.type === 'string')
        return req.body.length > 0 ? { [payload]: req.body.toString('utf8') } : {};
      if (req.body.length === 0) return {};
      const value = readJson(member, parseJsonBody(req.body));
      return value === undefined ? {} : { [payload]: value };
    }
    const hasBodyMembers = [...input.members.values()].some((member) => !member.location);
    return hasBodyMembers ? readJsonBody(input, parseJsonBody(req.body)) : {};
  }
}

/** No operation is bound to this method and path. */
function unknownRoute(): AwsError {
  return new AwsError('UnknownOperationException', '', { status: 404 });
}
