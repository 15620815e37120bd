// Writes operation outputs as XML for the query and REST-XML protocols, following the model's
// locationName, flattened, xmlAttribute and xmlNamespace traits.
import type { Shape, TimestampFormat } from './model.js';
import { writeText } from './text-value.js';
import { isPlainObject, ownEntries } from './values.js';

/** Characters XML 1.0 cannot carry at all, even escaped (and lone surrogates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be normalized to LF by the client's XML parser; AWS (SQS) sends &#xD;.
  '\r': '&#xD;',
};

/** Escapes text for element content or attribute values; replaces characters XML cannot hold. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

export function xmlnsAttribute(ns: { uri: string; prefix?: string } | undefined): string {
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
}

export class XmlWriter {
  private readonly parts: string[] = [];

  constructor(private readonly timestamps: TimestampFormat = 'iso8601') {}

  toString(): string {
    return this.parts.join('');
  }

  raw(text: string): this {
    this.parts.push(text);
    return this;
  }

  /** Writes `value` as the element `name` (or several, for flattened lists and maps). */
  value(name: string, shape: Shape, value: unknown, extraAttrs = ''): void {
    if (value === undefined || value === null) return;
    switch (shape.type) {
      case 'structure':
        return this.structure(name, shape, value, extraAttrs);
      case 'list':
        return this.list(name, shape, value);
      case 'map':
        return this.map(name, shape, value);
      default:
        this.parts.push(
          `<${name}${extraAttrs}>${escapeXml(writeText(shape, value, this.timestamps))}</${name}>`,
        );
    }
  }

  /** The members of a structure as child elements, in model order. */
  members(shape: Shape, value: Record<string, unknown>): void {
    for (const [memberName, member] of shape.members) {
      if (member.xmlAttribute || member.location) continue;
      this.value(member.locationName ?? memberName, member, value[memberName]);
    }
  }

  private structure(name: string, shape: Shape, value: unknown, extraAttrs: string): void {
    if (!isPlainObject(value)) throw new TypeError(`Expected a structure for ${name}`);
    let attrs = extraAttrs + xmlnsAttribute(shape.xmlNamespace);
    for (const [memberName, member] of shape.members) {
      const attrValue = value[memberName];
      if (!member.xmlAttribute || attrValue === undefined || attrValue === null) continue;
      attrs += ` ${member.locationName ?? memberName}="${escapeXml(writeText(member, attrValue, this.timestamps))}"`;
    }
    this.parts.push(`<${name}${attrs}>`);
    this.members(shape, value);
    this.parts.push(`</${name}>`);
  }

  private list(name: string, shape: Shape, value: unknown): void {
    if (!Array.isArray(value)) throw new TypeError(`Expected a list for ${name}`);
    if (shape.flattened) {
      for (const item of value) this.value(shape.member.locationName ?? name, shape.member, item);
      return;
    }
    this.parts.push(`<${name}>`);
    for (const item of value) this.value(shape.member.locationName ?? 'member', shape.member, item);
    this.parts.push(`</${name}>`);
  }

  private map(name: string, shape: Shape, value: unknown): void {
    const entries =
      value instanceof Map ? [...value.entries()] : isPlainObject(value) ? ownEntries(value) : undefined;
    if (!entries) throw new TypeError(`Expected a map for ${name}`);
    const keyName = shape.key.locationName ?? 'key';
    const valueName = shape.value.locationName ?? 'value';
    const entryName = shape.flattened ? name : 'entry';
    if (!shape.flattened) this.parts.push(`<${name}>`);
    for (const [key, item] of entries) {
      if (item === undefined || item === null) continue;
      this.parts.push(`<${entryName}>`);
      this.value(keyName, shape.key, String(key));
      this.value(valueName, shape.value, item);
      this.parts.push(`</${entryName}>`);
    }
    if (!shape.flattened) this.parts.push(`</${name}>`);
  }
}
