// Loads AWS's own service models (the aws-sdk v2 `*.min.json` files vendored in models/) and gives
// codecs a resolved view of their shapes. Shapes are resolved lazily and cached, so a model costs
// one JSON.parse the first time its service is used and start-up stays fast.
import { readFileSync, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtocolName } from './types.js';

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';
export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

/** A shape as written in a min model: a definition, or a `{shape: "Sx"}` reference plus member traits. */
export interface RawShape {
  shape?: string;
  type?: string;
  members?: Record<string, RawShape>;
  member?: RawShape;
  key?: RawShape;
  value?: RawShape;
  required?: string[];
  locationName?: string;
  location?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: string | { uri: string; prefix?: string };
  xmlOrder?: string[];
  timestampFormat?: string;
  payload?: string;
  streaming?: boolean;
  resultWrapper?: string;
  eventstream?: boolean;
  [trait: string]: unknown;
}

interface RawModel {
  metadata: Record<string, unknown>;
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}

interface RawOperation {
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: RawShape;
  output?: RawShape;
}

const STRING_SHAPE: RawShape = {};

const KNOWN_TYPES = new Set<string>([
  'structure',
  'list',
  'map',
  'string',
  'integer',
  'long',
  'float',
  'double',
  'boolean',
  'timestamp',
  'blob',
]);

/** One resolved shape: a reference's target with the referring member's own traits laid over it. */
export class Shape {
  readonly type: ShapeType;
  readonly locationName: string | undefined;
  readonly location: MemberLocation | undefined;
  readonly flattened: boolean;
  readonly xmlAttribute: boolean;
  readonly xmlNamespace: { uri: string; prefix?: string } | undefined;
  readonly timestampFormat: TimestampFormat | undefined;
  readonly payload: string | undefined;
  readonly streaming: boolean;
  readonly eventStream: boolean;
  readonly required: readonly string[];
  private readonly traits: RawShape;
  private readonly model: ServiceModel;
  private membersCache: Map<string, Shape> | undefined;

  constructor(traits: RawShape, model: ServiceModel) {
    this.traits = traits;
    this.model = model;
    this.type = shapeType(traits);
    this.locationName = traits.locationName;
    this.location = traits.location as MemberLocation | undefined;
    this.flattened = traits.flattened === true;
    this.xmlAttribute = traits.xmlAttribute === true;
    const ns = traits.xmlNamespace;
    this.xmlNamespace = typeof ns === 'string' ? { uri: ns } : ns;
    this.timestampFormat = traits.timestampFormat as TimestampFormat | undefined;
    this.payload = traits.payload;
    this.streaming = traits.streaming === true;
    this.eventStream = traits.eventstream === true;
    this.required = traits.required ?? [];
  }

  /** Structure members in wire order (`xmlOrder` when the model gives one). */
  get members(): Map<string, Shape> {
    if (!this.membersCache) {
      const raw = this.traits.members ?? {};
      const order = this.traits.xmlOrder ?? Object.keys(raw);
      this.membersCache = new Map();
      for (const name of order) {
        const member = raw[name];
        if (member) this.membersCache.set(name, this.model.resolve(member));
      }
    }
    return this.membersCache;
  }

  get member(): Shape {
    return this.model.resolve(this.traits.member ?? STRING_SHAPE);
  }

  get key(): Shape {
    return this.model.resolve(this.traits.key ?? STRING_SHAPE);
  }

  get value(): Shape {
    return this.model.resolve(this.traits.value ?? STRING_SHAPE);
  }
}

function shapeType(traits: RawShape): ShapeType {
  if (traits.type) {
    if (traits.type === 'character') return 'string';
    if (traits.type === 'short' || traits.type === 'byte') return 'integer';
    if (traits.type === 'bigdecimal') return 'double';
    if (traits.type === 'biginteger') return 'long';
    if (KNOWN_TYPES.has(traits.type)) return traits.type as ShapeType;
    throw new Error(`Unrecognized shape type: ${traits.type}`);
  }
  // Min models omit `type` for strings and sometimes for composite shapes.
  if (traits.members) return 'structure';
  if (traits.member) return 'list';
  if (traits.key || traits.value) return 'map';
  return 'string';
}

export interface ModelMetadata {
  uid: string;
  protocol: ProtocolName;
  apiVersion: string;
  jsonVersion: string | undefined;
  targetPrefix: string | undefined;
  xmlNamespace: string | undefined;
  awsQueryCompatible: boolean;
  endpointPrefix: string;
  signingName: string;
  serviceId: string;
}

export interface Operation {
  name: string;
  method: string;
  requestUri: string;
  responseCode: number | undefined;
  input: Shape | undefined;
  output: Shape | undefined;
  resultWrapper: string | undefined;
}

export class ServiceModel {
  readonly fileName: string;
  readonly metadata: ModelMetadata;
  private readonly raw: RawModel;
  private readonly resolved = new WeakMap<RawShape, Shape>();
  private readonly operations = new Map<string, Operation>();

  constructor(fileName: string, raw: RawModel) {
    this.fileName = fileName;
    this.raw = raw;
    this.metadata = readMetadata(raw.metadata);
  }

  operationNames(): string[] {
    return Object.keys(this.raw.operations);
  }

  hasOperation(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.raw.operations, name);
  }

  operation(name: string): Operation | undefined {
    if (!this.hasOperation(name)) return undefined;
    let op = this.operations.get(name);
    if (!op) {
      const raw = this.raw.operations[name] as RawOperation;
      op = {
        name,
        method: raw.http?.method ?? 'POST',
        requestUri: raw.http?.requestUri ?? '/',
        responseCode: raw.http?.responseCode,
        input: raw.input ? this.resolve(raw.input) : undefined,
        output: raw.output ? this.resolve(raw.output) : undefined,
        resultWrapper: raw.output?.resultWrapper,
      };
      this.operations.set(name, op);
    }
    return op;
  }

  /** Resolves a raw shape; a reference's own traits (locationName, location, flattened...) win. */
  resolve(raw: RawShape, depth = 0): Shape {
    let shape = this.resolved.get(raw);
    if (!shape) {
      shape = new Shape(this.mergedTraits(raw, depth), this);
      this.resolved.set(raw, shape);
    }
    return shape;
  }

  private mergedTraits(raw: RawShape, depth: number): RawShape {
    if (!raw.shape) return raw;
    const target = this.raw.shapes[raw.shape];
    if (!target || depth > 32) throw new Error(`Cannot find shape reference: ${raw.shape} in ${this.fileName}`);
    const { shape: _ref, ...own } = raw;
    return { ...this.mergedTraits(target, depth + 1), ...own };
  }
}

function readMetadata(meta: Record<string, unknown>): ModelMetadata {
  const str = (key: string) => (typeof meta[key] === 'string' ? meta[key] : undefined);
  const endpointPrefix = str('endpointPrefix') ?? '';
  return {
    uid: str('uid') ?? '',
    protocol: meta.protocol as ProtocolName,
    apiVersion: str('apiVersion') ?? '',
    jsonVersion: str('jsonVersion'),
    targetPrefix: str('targetPrefix'),
    xmlNamespace: str('xmlNamespace'),
    awsQueryCompatible: meta.awsQueryCompatible !== undefined,
    endpointPrefix,
    signingName: str('signingName') ?? endpointPrefix,
    serviceId: str('serviceId') ?? '',
  };
}

/** models/ relative to this file: dist/src/protocol/ when compiled, src/protocol/ when run as TypeScript. */
export function modelsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = join(here, '..', '..', '..', 'models');
  return existsSync(compiled) ? compiled : join(here, '..', '..', 'models');
}

const loaded = new Map<string, ServiceModel>();

/** Parses a vendored model the first time it is asked for; later calls return the same object. */
export function loadModel(fileName: string): ServiceModel {
  let model = loaded.get(fileName);
  if (!model) {
    if (fileName.includes('/') || fileName.includes('\\')) throw new Error(`Not a model file name: ${fileName}`);
    const raw = JSON.parse(readFileSync(join(modelsDir(), fileName), 'utf8')) as RawModel;
    model = new ServiceModel(fileName, raw);
    loaded.set(fileName, model);
  }
  return model;
}

const metadataCache = new Map<string, ModelMetadata>();

/**
 * A model's metadata without parsing the whole model: the vendored files start with their
 * `metadata` object, so the head of the file is enough (for identifying services at start-up).
 */
export function modelMetadata(fileName: string): ModelMetadata {
  let meta = metadataCache.get(fileName) ?? loaded.get(fileName)?.metadata;
  if (!meta) {
    meta = sniffMetadata(fileName) ?? loadModel(fileName).metadata;
    metadataCache.set(fileName, meta);
  }
  return meta;
}

function sniffMetadata(fileName: string): ModelMetadata | undefined {
  if (fileName.includes('/') || fileName.includes('\\')) throw new Error(`Not a model file name: ${fileName}`);
  const fd = openSync(join(modelsDir(), fileName), 'r');
  try {
    const head = Buffer.alloc(8192);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    const start = text.indexOf('{', text.indexOf('"metadata"'));
    let depth = 0;
    for (let i = start; start > 0 && i < text.length; i++) {
      if (text[i] === '{') depth++;
      if (text[i] === '}' && --depth === 0) return readMetadata(JSON.parse(text.slice(start, i + 1)));
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
