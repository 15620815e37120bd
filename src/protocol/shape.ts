// A resolved view of the shapes in AWS's min models: a `{shape: "Sx"}` reference's target with the
// referring member's own traits (locationName, location, flattened...) laid over it.
import type { ServiceModel } from './model.js';

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
