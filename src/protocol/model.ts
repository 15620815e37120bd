// Loads AWS's own service models (the aws-sdk v2 `*.min.json` files vendored in models/) and gives
// codecs a resolved view of their shapes. Shapes are resolved lazily and cached, so a model costs
// one JSON.parse the first time its service is used and start-up stays fast.
import { readFileSync, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { addMembers } from './model-additions.js';
import { MODEL_VARIANTS } from './model-variants.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtocolName } from './types.js';
import { Shape, type RawShape } from './shape.js';

export { Shape } from './shape.js';
export type { MemberLocation, RawShape, ShapeType, TimestampFormat } from './shape.js';

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
    if (!target || depth > 32)
      throw new Error(`Cannot find shape reference: ${raw.shape} in ${this.fileName}`);
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
    if (fileName.includes('/') || fileName.includes('\\'))
      throw new Error(`Not a model file name: ${fileName}`);
    const variant = MODEL_VARIANTS[fileName];
    const raw = JSON.parse(readFileSync(join(modelsDir(), variant?.base ?? fileName), 'utf8')) as RawModel;
    if (variant) raw.metadata = { ...raw.metadata, ...variant.metadata };
    addMembers(variant?.base ?? fileName, raw);
    model = new ServiceModel(fileName, raw);
    loaded.set(fileName, model);
  }
  return model;
}

/** The model files parsed so far in this process (they are parsed on first use). */
export function loadedModels(): string[] {
  return [...loaded.keys()];
}

const metadataCache = new Map<string, ModelMetadata>();

/**
 * A model's metadata without parsing the whole model: the vendored files start with their
 * `metadata` object, so the head of the file is enough (for identifying services at start-up).
 */
export function modelMetadata(fileName: string): ModelMetadata {
  let meta = metadataCache.get(fileName) ?? loaded.get(fileName)?.metadata;
  if (!meta) {
    const variant = MODEL_VARIANTS[fileName];
    const sniffed = variant ? sniffMetadata(variant.base, variant.metadata) : sniffMetadata(fileName);
    meta = sniffed ?? loadModel(fileName).metadata;
    metadataCache.set(fileName, meta);
  }
  return meta;
}

function sniffMetadata(fileName: string, override: Record<string, unknown> = {}): ModelMetadata | undefined {
  if (fileName.includes('/') || fileName.includes('\\'))
    throw new Error(`Not a model file name: ${fileName}`);
  const fd = openSync(join(modelsDir(), fileName), 'r');
  try {
    const head = Buffer.alloc(8192);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    const start = text.indexOf('{', text.indexOf('"metadata"'));
    let depth = 0;
    for (let i = start; start > 0 && i < text.length; i++) {
      if (text[i] === '{') depth++;
      if (text[i] === '}' && --depth === 0) {
        return readMetadata({
          ...(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>),
          ...override,
        });
      }
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
