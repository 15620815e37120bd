// The AWS query protocol (STS, SNS, CloudWatch, CloudFormation, SQS's legacy API): form-encoded
// parameters in, XML out (`<OpResponse><OpResult>…</OpResult><ResponseMetadata>…`).
import { AwsError } from '../core/aws-error.js';
import type { Codec, HttpRequest, HttpResponse, ResponseMeta } from './types.js';
import type { ServiceModel } from './model.js';
import { quirksFor, type ServiceQuirks } from './quirks/index.js';
import { finishInput, header, mediaType, operationOf, type InputRules } from './codec-support.js';
import { parseForm, queryWireName, readQueryInput } from './query-params.js';
import { coralPath } from './validate.js';
import {
  coralValidationMessage,
  invalidActionError,
  malformedQueryError,
  missingActionError,
} from './errors.js';
import { escapeXml, XmlWriter } from './xml-writer.js';
import { decodeUtf8, isPlainObject } from './values.js';

const FORM = 'application/x-www-form-urlencoded';

export class QueryCodec implements Codec {
  readonly protocol = 'query' as const;
  private readonly quirks: ServiceQuirks;
  private readonly params = new WeakMap<HttpRequest, Map<string, string>>();
  private readonly rules: InputRules;

  constructor(private readonly model: ServiceModel) {
    this.quirks = quirksFor(model);
    this.rules = {
      wireName: queryWireName,
      // Coral query services (STS, SNS, CloudWatch, CloudFormation) answer ValidationError.
      missing: (paths) => new AwsError('ValidationError', coralValidationMessage(paths.map(coralPath))),
    };
  }

  accepts(req: HttpRequest): boolean {
    return acceptsQuery(req);
  }

  resolveOperation(req: HttpRequest): string {
    const action = this.paramsOf(req).get('Action');
    if (!action) throw missingActionError();
    if (!this.model.hasOperation(action)) throw this.invalidAction(action);
    return action;
  }

  parseRequest(operation: string, req: HttpRequest): Record<string, unknown> {
    const op = operationOf(this.model, operation, () => this.invalidAction(operation));
    const input = readQueryInput(op.input, this.paramsOf(req));
    return finishInput(op, input, req, this.quirks, this.rules);
  }

  serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = operationOf(this.model, operation, () => this.invalidAction(operation));
    const xml = new XmlWriter('iso8601');
    xml.raw(`<?xml version="1.0"?><${operation}Response${this.xmlns()}>`);
    if (op.output && op.resultWrapper) {
      const value = isPlainObject(output) ? output : {};
      xml.raw(`<${op.resultWrapper}>`);
      xml.members(op.output, value);
      xml.raw(`</${op.resultWrapper}>`);
    }
    xml.raw(`<ResponseMetadata><RequestId>${escapeXml(meta.requestId)}</RequestId></ResponseMetadata>`);
    xml.raw(`</${operation}Response>`);
    return { status: 200, headers: this.headers(meta), body: xml.toString() };
  }

  serializeError(error: AwsError, _operation: string | undefined, meta: ResponseMeta): HttpResponse {
    const code = error.queryCode ?? this.quirks.queryCode?.(error.code) ?? error.code;
    let body = `<?xml version="1.0"?><ErrorResponse${this.xmlns()}><Error>`;
    body += `<Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>`;
    body += `<Code>${escapeXml(code)}</Code><Message>${escapeXml(error.message)}</Message>`;
    for (const [name, value] of Object.entries(error.fields ?? {})) {
      if (value !== undefined && value !== null && /^[A-Za-z][\w.-]*$/.test(name)) {
        body += `<${name}>${escapeXml(String(value))}</${name}>`;
      }
    }
    if (this.quirks.queryErrorDetail) body += '<Detail/>';
    body += `</Error><RequestId>${escapeXml(meta.requestId)}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { ...this.headers(meta), ...error.headers }, body };
  }

  operationNames(): string[] {
    return this.model.operationNames();
  }

  private invalidAction(action: string): AwsError {
    return this.quirks.invalidAction?.(action) ?? invalidActionError(action, this.model.metadata.apiVersion);
  }

  private xmlns(): string {
    const ns = this.model.metadata.xmlNamespace;
    return ns ? ` xmlns="${escapeXml(ns)}"` : '';
  }

  private headers(meta: ResponseMeta): Record<string, string> {
    return { 'content-type': 'text/xml', 'x-amzn-requestid': meta.requestId };
  }

  /** Query-string parameters, then the form body's (which win), decoded once per request. */
  private paramsOf(req: HttpRequest): Map<string, string> {
    let params = this.params.get(req);
    if (!params) {
      params = parseForm(req.query);
      if (req.body.length > 0 && (mediaType(req) === FORM || mediaType(req) === '')) {
        const text = decodeUtf8(req.body);
        if (text === undefined) throw malformedQueryError();
        parseForm(text, params);
      }
      this.params.set(req, params);
    }
    return params;
  }
}

/** A form-encoded POST, or `Action=` in the query string, and no JSON-RPC target. */
export function acceptsQuery(req: HttpRequest): boolean {
  if (header(req, 'x-amz-target') !== undefined) return false;
  if (req.method === 'POST' && mediaType(req) === FORM) return true;
  return /(^|&)Action=/.test(req.query);
}
