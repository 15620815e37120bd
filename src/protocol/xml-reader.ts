// Reads XML request bodies (S3's CompleteMultipartUpload, DeleteObjects, PutBucketTagging...) into
// the types operations see, per the model. DTDs are refused outright: no entity expansion, so no
// "billion laughs"; only XML's five named entities and numeric references are decoded.
import { createRequire } from 'node:module';
import type { XMLParser as XmlParserType, XMLValidator as XmlValidatorType } from 'fast-xml-parser';
import type { Shape } from './model.js';
import { INVALID, readText } from './text-value.js';
import { setKey } from './values.js';

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlNode[];
}

/** Deeper than any S3 document nests. */
const MAX_DEPTH = 64;

interface FastXmlParser {
  XMLParser: typeof XmlParserType;
  XMLValidator: typeof XmlValidatorType;
}

let loaded: { parser: XmlParserType; validator: typeof XmlValidatorType } | undefined;

/**
 * fast-xml-parser is loaded on the first XML body, and as its single-file CommonJS build: its ESM
 * build is dozens of modules that cost ~50 ms of start-up, which most runs never need.
 */
function xml(): { parser: XmlParserType; validator: typeof XmlValidatorType } {
  if (loaded) return loaded;
  const { XMLParser, XMLValidator } = createRequire(import.meta.url)('fast-xml-parser') as FastXmlParser;
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  loaded = { parser, validator: XMLValidator };
  return loaded;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Parses a document into its root element; undefined when it is not well-formed or has a DTD. */
export function parseXml(text: string): XmlNode | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return undefined;
  const { parser, validator } = xml();
  if (validator.validate(text) !== true) return undefined;
  try {
    const parsed: unknown = parser.parse(text);
    const nodes = Array.isArray(parsed) ? toNodes(parsed, 0) : [];
    return nodes.length === 1 ? nodes[0] : undefined;
  } catch {
    // The parser's own nesting limit, or ours.
    return undefined;
  }
}

function toNodes(items: unknown[], depth: number): XmlNode[] {
  if (depth > MAX_DEPTH) throw new RangeError('XML nesting too deep');
  const nodes: XmlNode[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const name = Object.keys(record).find((key) => key !== ':@' && key !== '#text');
    if (!name) continue;
    const content = Array.isArray(record[name]) ? (record[name] as unknown[]) : [];
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries((record[':@'] as Record<string, unknown>) ?? {})) {
      setKey(attributes, key, decodeEntities(String(value)));
    }
    const text = content
      .map((part) => (part as Record<string, unknown>)['#text'])
      .filter((part) => part !== undefined)
      .join('');
    nodes.push({
      name: localName(name),
      attributes,
      text: decodeEntities(text),
      children: toNodes(content, depth + 1),
    });
  }
  return nodes;
}

/** Element names are matched without their namespace prefix (`s3:Key` is `Key`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export type InvalidText = (element: string, text: string) => Error;

/** Reads an element as `shape`. */
export function readXml(shape: Shape, node: XmlNode, invalid: InvalidText, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw invalid(node.name, '');
  switch (shape.type) {
    case 'structure':
      return readXmlMembers(shape, node, invalid, depth);
    case 'list':
      return node.children
        .filter((child) => child.name === (shape.member.locationName ?? 'member'))
        .map((child) => readXml(shape.member, child, invalid, depth + 1));
    case 'map':
      return readXmlMap(
        shape,
        shape.flattened ? [node] : node.children.filter((c) => c.name === 'entry'),
        invalid,
        depth,
      );
    default: {
      const value = readText(shape, node.text);
      if (value === INVALID) throw invalid(node.name, node.text);
      return value;
    }
  }
}

/** The members of a structure from a node's children and attributes (located members excluded). */
export function readXmlMembers(
  shape: Shape,
  node: XmlNode,
  invalid: InvalidText,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of shape.members) {
    if (member.location) continue;
    const wire = member.locationName ?? name;
    let value: unknown;
    if (member.xmlAttribute) {
      const raw = node.attributes[wire] ?? node.attributes[localName(wire)];
      value = raw === undefined ? undefined : readText(member, raw);
      if (value === INVALID) throw invalid(wire, raw ?? '');
    } else if (member.type === 'list' && member.flattened) {
      const itemName = member.member.locationName ?? wire;
      const items = node.children.filter((child) => child.name === itemName);
      value =
        items.length > 0 ? items.map((item) => readXml(member.member, item, invalid, depth + 1)) : undefined;
    } else if (member.type === 'map' && member.flattened) {
      const entries = node.children.filter((child) => child.name === wire);
      value = entries.length > 0 ? readXmlMap(member, entries, invalid, depth) : undefined;
    } else {
      const child = node.children.find((c) => c.name === wire);
      value = child ? readXml(member, child, invalid, depth + 1) : undefined;
    }
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readXmlMap(
  shape: Shape,
  entries: XmlNode[],
  invalid: InvalidText,
  depth: number,
): Record<string, unknown> {
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const key = entry.children.find((c) => c.name === keyName);
    const value = entry.children.find((c) => c.name === valueName);
    if (key && value) setKey(out, key.text, readXml(shape.value, value, invalid, depth + 1));
  }
  return out;
}
