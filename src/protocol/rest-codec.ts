// What the REST-JSON and REST-XML codecs share: finding the operation by method and path (the
// route table built from the model's HTTP bindings), keeping that match for parseRequest, and the
// query string. Each protocol supplies its bodies and its own errors for an unknown route.
import type { AwsError } from '../core/aws-error.js';
import { coralPath, memberPath } from './validate.js';
import { validationError } from './errors.js';
import type { InputRules } from './codec-support.js';
import type { Operation, ServiceModel } from './model.js';
import { quirksFor, type ServiceQuirks } from './quirks/index.js';
import { acceptsRest, parseQuery, RouteTable, type QueryParams, type RouteMatch } from './rest.js';
import type { Codec, HttpRequest, HttpResponse, ResponseMeta } from './types.js';

export abstract class RestCodec implements Codec {
  abstract readonly protocol: 'rest-json' | 'rest-xml';
  protected readonly quirks: ServiceQuirks;
  protected readonly rules: InputRules;
  private readonly routes: RouteTable;
  private readonly matches = new WeakMap<HttpRequest, RouteMatch>();

  constructor(protected readonly model: ServiceModel) {
    this.quirks = quirksFor(model);
    this.routes = new RouteTable(model);
    this.rules = { wireName: memberPath, missing: (paths) => validationError(paths.map(coralPath)) };
  }

  accepts(req: HttpRequest): boolean {
    return acceptsRest(req);
  }

  resolveOperation(req: HttpRequest): string {
    const match = this.routes.match(req, this.query(req));
    if (!match) throw this.noRoute(req);
    this.matches.set(req, match);
    return match.operation.name;
  }

  operationNames(): string[] {
    return this.model.operationNames();
  }

  abstract parseRequest(operation: string, req: HttpRequest): Record<string, unknown>;
  abstract serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse;
  abstract serializeError(error: AwsError, operation: string | undefined, meta: ResponseMeta): HttpResponse;

  /** The protocol's answer to a request that no operation's route matches. */
  protected abstract noRoute(req: HttpRequest): AwsError;
  /** The protocol's answer to a query string that cannot be decoded. */
  protected abstract malformedQuery(): AwsError;

  /** `op`'s route for this request: the one resolveOperation found, else matched again. */
  protected routeOf(req: HttpRequest, op: Operation, query: QueryParams): RouteMatch | undefined {
    const resolved = this.matches.get(req);
    return resolved?.operation === op ? resolved : this.routes.match(req, query, op);
  }

  protected query(req: HttpRequest): QueryParams {
    const query = parseQuery(req.query);
    if (!query) throw this.malformedQuery();
    return query;
  }
}
