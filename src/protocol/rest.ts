// What REST-JSON and REST-XML share: the route table built from each operation's
// `http.method` + `http.requestUri`, and members bound to the URI, query string, headers and status.
import type { HttpRequest } from './types.js';
import type { Operation, ServiceModel, Shape } from './model.js';
import { INVALID, readText, writeText } from './text-value.js';
import { setKey } from './values.js';

interface Segment {
  literal?: string;
  label?: string;
  greedy?: boolean;
}

interface Route {
  operation: Operation;
  segments: Segment[];
  /** Literal query parts of the requestUri (`?uploads`, `?list-type=2`) that must be present. */
  queryLiterals: [string, string | undefined][];
  literalSegments: number;
}

export interface RouteMatch {
  operation: Operation;
  labels: Map<string, string>;
}

export type QueryParams = Map<string, string[]>;

/** REST codecs read every request that is not JSON-RPC shaped; the route decides the operation. */
export function acceptsRest(req: HttpRequest): boolean {
  return req.headers['x-amz-target'] === undefined;
}

/** Splits a path into raw segments; the leading and one trailing slash carry no segment. */
function splitPath(path: string): string[] {
  const segments = path.replace(/^\//, '').split('/');
  if (segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function compile(operation: Operation): Route {
  const [path = '/', query = ''] = operation.requestUri.split('?');
  const segments = splitPath(path).map((part): Segment => {
    const label = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (!label) return { literal: part };
    return label.endsWith('+') ? { label: label.slice(0, -1), greedy: true } : { label };
  });
  const queryLiterals = query
    .split('&')
    .filter((part) => part !== '')
    .map((part): [string, string | undefined] => {
      const eq = part.indexOf('=');
      return eq < 0 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)];
    });
  const literalSegments = segments.filter((s) => s.literal !== undefined).length;
  return { operation, segments, queryLiterals, literalSegments };
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function matchPath(route: Route, segments: string[]): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  for (let i = 0; i < route.segments.length; i++) {
    const template = route.segments[i]!;
    if (template.greedy) {
      const rest = decodeSegment(segments.slice(i).join('/'));
      if (!rest) return undefined;
      labels.set(template.label!, rest);
      return labels;
    }
    const raw = segments[i];
    if (raw === undefined) return undefined;
    const value = decodeSegment(raw);
    if (value === undefined) return undefined;
    if (template.literal !== undefined ? value !== template.literal : value === '') return undefined;
    if (template.label) labels.set(template.label, value);
  }
  return segments.length === route.segments.length ? labels : undefined;
}

/** How many of the operation's required query/header members the request carries, or -1 if some lack. */
function requiredBindings(operation: Operation, req: HttpRequest, query: QueryParams): number {
  const input = operation.input;
  if (!input) return 0;
  let present = 0;
  for (const name of input.required) {
    const member = input.members.get(name);
    const wire = member?.locationName ?? name;
    if (member?.location === 'querystring') {
      if (!query.has(wire)) return -1;
      present++;
    } else if (member?.location === 'header') {
      if (req.headers[wire.toLowerCase()] === undefined) return -1;
      present++;
    }
  }
  return present;
}

export class RouteTable {
  private readonly routes: Route[];

  constructor(model: ServiceModel) {
    this.routes = model.operationNames().map((name) => compile(model.operation(name)!));
  }

  /** Whether any operation is bound to this method (S3 answers 405 otherwise). */
  hasMethod(method: string): boolean {
    return this.routes.some((route) => route.operation.method === method);
  }

  /**
   * The most specific operation for the request: literal query parts (`?uploads`) first, then the
   * SDK's `x-id` hint, then required query/header members present (S3 tells CopyObject from
   * PutObject by `x-amz-copy-source`, ListParts from GetObject by `uploadId`), then literal segments.
   */
  match(req: HttpRequest, query: QueryParams, only?: Operation): RouteMatch | undefined {
    const segments = splitPath(req.path);
    const hint = query.get('x-id')?.[0];
    let best: { match: RouteMatch; score: number[] } | undefined;
    for (const route of this.routes) {
      if (only && route.operation !== only) continue;
      if (route.operation.method !== req.method) continue;
      if (
        !route.queryLiterals.every(([k, v]) => query.has(k) && (v === undefined || query.get(k)?.[0] === v))
      ) {
        continue;
      }
      const labels = matchPath(route, segments);
      if (!labels) continue;
      const required = requiredBindings(route.operation, req, query);
      const score = [
        route.queryLiterals.length,
        hint === route.operation.name ? 1 : 0,
        required >= 0 ? 1 : 0,
        required,
        route.literalSegments,
        route.segments.some((s) => s.greedy) ? 0 : 1,
      ];
      if (!best || compareScores(score, best.score) > 0)
        best = { match: { operation: route.operation, labels }, score };
    }
    return best?.match;
  }
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return 0;
}

/** Decodes `a=1&a=2&b` into all values per name (`+` is a space, as S3 reads it). */
export function parseQuery(query: string): QueryParams | undefined {
  const params: QueryParams = new Map();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeSegment((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decodeSegment(pair.slice(eq + 1).replace(/\+/g, ' '));
    if (key === undefined || value === undefined) return undefined;
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  return params;
}

export interface BoundError {
  (wireName: string, value: string, member: Shape): Error;
}

/** Reads the members bound to the URI, query string and headers. */
export function readBound(
  shape: Shape,
  req: HttpRequest,
  labels: Map<string, string>,
  query: QueryParams,
  invalid: BoundError,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const boundQuery = new Set<string>();
  for (const [name, member] of shape.members) {
    if (member.location === 'querystring' && member.type !== 'map')
      boundQuery.add(member.locationName ?? name);
  }
  const text = (member: Shape, wire: string, raw: string): unknown => {
    const value = readText(member, raw);
    if (value === INVALID) throw invalid(wire, raw, member);
    return value;
  };
  for (const [name, member] of shape.members) {
    const wire = member.locationName ?? name;
    let value: unknown;
    if (member.location === 'uri') {
      const raw = labels.get(wire);
      value = raw === undefined ? undefined : text(member, wire, raw);
    } else if (member.location === 'querystring') {
      value = readQueryMember(member, wire, query, boundQuery, text);
    } else if (member.location === 'header') {
      const raw = req.headers[wire.toLowerCase()];
      if (raw !== undefined) {
        value =
          member.type === 'list'
            ? splitHeader(raw).map((item) => text(member.member, wire, item))
            : text(member, wire, raw);
      }
    } else if (member.location === 'headers') {
      value = readPrefixedHeaders(req, wire.toLowerCase());
    }
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readQueryMember(
  member: Shape,
  wire: string,
  query: QueryParams,
  boundQuery: Set<string>,
  text: (member: Shape, wire: string, raw: string) => unknown,
): unknown {
  if (member.type === 'map') {
    // A map bound to the query string takes every parameter no other member claims.
    const out: Record<string, unknown> = {};
    for (const [key, values] of query) {
      if (boundQuery.has(key)) continue;
      setKey(out, key, member.value.type === 'list' ? values : values[0]);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const values = query.get(wire);
  if (!values) return undefined;
  if (member.type === 'list') return values.map((raw) => text(member.member, wire, raw));
  return text(member, wire, values[0]!);
}

function readPrefixedHeaders(req: HttpRequest, prefix: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(prefix)) setKey(out, name.slice(prefix.length), value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function splitHeader(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Writes header- and status-bound output members; returns the status code member's value. */
export function writeBound(
  shape: Shape,
  output: Record<string, unknown>,
  headers: Record<string, string>,
): number | undefined {
  let status: number | undefined;
  for (const [name, member] of shape.members) {
    const value = output[name];
    if (value === undefined || value === null) continue;
    const wire = (member.locationName ?? name).toLowerCase();
    if (member.location === 'statusCode') status = Number(value);
    if (member.location === 'header') {
      headers[wire] =
        member.type === 'list' && Array.isArray(value)
          ? value.map((item) => headerValue(writeText(member.member, item, 'rfc822'))).join(', ')
          : headerValue(writeText(member, value, 'rfc822'));
    }
    if (member.location === 'headers' && typeof value === 'object') {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item !== undefined && item !== null)
          headers[wire + key.toLowerCase()] = headerValue(String(item));
      }
    }
  }
  return status;
}

/**
 * Header values must be Latin-1 without control characters (Node rejects others); text beyond that
 * is sent as an RFC 2047 encoded word, as S3 does for non-ASCII user metadata.
 */
export function headerValue(text: string): string {
  const clean = text.replace(/[\r\n\0]/g, ' ');
  if (/^[\t\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}
