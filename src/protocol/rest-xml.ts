// The REST-XML protocol (S3): operations found by method and path, members bound to the URI,
// query string and headers, the payload member as raw bytes or an XML document.
import { AwsError } from '../core/aws-error.js';
import type { HttpRequest, HttpResponse, ResponseMeta } from './types.js';
import type { Operation } from './model.js';
import { finishInput, operationOf } from './codec-support.js';
import { RestCodec } from './rest-codec.js';
import { readBound, writeBound } from './rest.js';
import { parseXml, readXml, readXmlMembers, type XmlNode } from './xml-reader.js';
import { escapeXml, XmlWriter } from './xml-writer.js';
import { decodeUtf8, isPlainObject, toBuffer } from './values.js';
import { unchunkRequest } from './aws-chunked.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export class RestXmlCodec extends RestCodec {
  readonly protocol = 'rest-xml' as const;

  protected noRoute(req: HttpRequest): AwsError {
    return methodNotAllowed(req);
  }

  protected malformedQuery(): AwsError {
    return new AwsError('InvalidArgument', 'The query string is not valid.');
  }

  parseRequest(operation: string, req: HttpRequest): Record<string, unknown> {
    const op = operationOf(this.model, operation, () => methodNotAllowed(req));
    const query = this.query(req);
    const match = this.routeOf(req, op, query);
    if (!op.input) return {};
    const plain = unchunkRequest(req);
    const input = readBound(op.input, plain, match?.labels ?? new Map(), query, invalidArgument);
    Object.assign(input, this.readBody(op, plain.body));
    return finishInput(op, input, req, this.quirks, this.rules);
  }

  serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = operationOf(this.model, operation, () => new AwsError('InvalidRequest', operation));
    const value = isPlainObject(output) ? output : {};
    const headers: Record<string, string> = {};
    const status = (op.output && writeBound(op.output, value, headers)) ?? op.responseCode ?? 200;
    const body = op.output && op.method !== 'HEAD' ? this.writeBody(op, value, headers) : '';
    headers['content-type'] ??= 'application/xml';
    Object.assign(headers, requestIdHeaders(meta));
    return { status, headers, body };
  }

  /** S3's `<Error>` document; HEAD answers carry the status and headers only. */
  serializeError(error: AwsError, operation: string | undefined, meta: ResponseMeta): HttpResponse {
    const headers = { 'content-type': 'application/xml', ...requestIdHeaders(meta), ...error.headers };
    if (operation && this.model.operation(operation)?.method === 'HEAD')
      return { status: error.status, headers, body: '' };
    let body = `${XML_DECLARATION}<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>`;
    for (const [name, value] of Object.entries(error.fields ?? {})) {
      if (value !== undefined && value !== null && /^[A-Za-z][\w.-]*$/.test(name)) {
        body += `<${name}>${escapeXml(String(value))}</${name}>`;
      }
    }
    body += `<RequestId>${escapeXml(meta.requestId)}</RequestId><HostId>${hostId(meta)}</HostId></Error>`;
    return { status: error.status, headers, body };
  }

  private readBody(op: Operation, body: Buffer): Record<string, unknown> {
    const input = op.input!;
    const payload = input.payload;
    if (payload) {
      const member = input.members.get(payload)!;
      if (member.type === 'blob') return body.length > 0 || member.streaming ? { [payload]: body } : {};
      if (member.type === 'string') return body.length > 0 ? { [payload]: body.toString('utf8') } : {};
      if (body.length === 0) return {};
      return { [payload]: readXml(member, parseDocument(body), invalidArgument) };
    }
    const hasBodyMembers = [...input.members.values()].some((member) => !member.location);
    if (!hasBodyMembers || body.length === 0) return {};
    return readXmlMembers(input, parseDocument(body), invalidArgument);
  }

  private writeBody(
    op: Operation,
    value: Record<string, unknown>,
    headers: Record<string, string>,
  ): Buffer | string {
    const output = op.output!;
    const ns = this.quirks.xmlNamespace ? ` xmlns="${escapeXml(this.quirks.xmlNamespace)}"` : '';
    const textRoot = this.quirks.xmlTextRoot?.(op.name);
    if (textRoot) {
      const text = value[textRoot.member];
      const content = text === undefined || text === null ? '' : escapeXml(String(text));
      return `${XML_DECLARATION}<${textRoot.element}${ns}>${content}</${textRoot.element}>`;
    }
    if (output.payload) {
      const member = output.members.get(output.payload)!;
      const body = value[output.payload];
      if (body === undefined || body === null) return '';
      if (member.type === 'blob' || member.type === 'string') {
        headers['content-type'] ??= member.type === 'blob' ? 'application/octet-stream' : 'text/plain';
        return toBuffer(body);
      }
      const xml = new XmlWriter('iso8601').raw(XML_DECLARATION);
      xml.value(member.locationName ?? output.payload, member, body, member.xmlNamespace ? '' : ns);
      return xml.toString();
    }
    const hasBodyMembers = [...output.members.values()].some((member) => !member.location);
    if (!hasBodyMembers) return '';
    const root = this.quirks.xmlRootName?.(op.name) ?? output.locationName ?? `${op.name}Result`;
    const xml = new XmlWriter('iso8601').raw(`${XML_DECLARATION}<${root}${ns}>`);
    xml.members(output, value);
    return xml.raw(`</${root}>`).toString();
  }
}

function parseDocument(body: Buffer): XmlNode {
  const text = decodeUtf8(body);
  const root = text === undefined ? undefined : parseXml(text);
  if (!root) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  return root;
}

function invalidArgument(wire: string, value: string): AwsError {
  return new AwsError('InvalidArgument', `Invalid value for ${wire}: ${value}`, {
    fields: { ArgumentName: wire, ArgumentValue: value },
  });
}

/** S3 answers 405 for a method no operation takes on the addressed resource. */
function methodNotAllowed(req: HttpRequest): AwsError {
  const depth = req.path.split('/').filter((part) => part !== '').length;
  const resourceType = depth === 0 ? 'SERVICE' : depth === 1 ? 'BUCKET' : 'OBJECT';
  return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    status: 405,
    fields: { Method: req.method, ResourceType: resourceType },
  });
}

/** S3 names its request id `x-amz-request-id`, with an opaque `x-amz-id-2` host id beside it. */
function requestIdHeaders(meta: ResponseMeta): Record<string, string> {
  return { 'x-amz-request-id': meta.requestId, 'x-amz-id-2': hostId(meta) };
}

function hostId(meta: ResponseMeta): string {
  return Buffer.from(`nubis/${meta.requestId}`).toString('base64');
}
