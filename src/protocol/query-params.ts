// The query protocol's request side: form/query-string parameters such as
// `MessageAttribute.1.Value.StringValue=v` decoded into a structure per the model. Naming follows
// what AWS SDKs send: lists `Name.member.N` (or flattened `Name.N`, renamed by the member's
// locationName), maps `Name.entry.N.key/value` (or flattened `Name.N.<key>/<value>`).
import type { Shape } from './model.js';
import type { PathSegment } from './validate.js';
import { INVALID, readText } from './text-value.js';
import { setKey } from './values.js';
import { invalidParameterValueError, malformedQueryError } from './errors.js';

interface ParamNode {
  value: string | undefined;
  children: Map<string, ParamNode>;
}

/** Recursive shapes in query models are shallow; this bounds the walk over hostile keys. */
const MAX_DEPTH = 40;

/** Decodes `a=1&b=2` (form-urlencoded); throws MalformedQueryString for bad escapes or UTF-8. */
export function parseForm(text: string, into = new Map<string, string>()): Map<string, string> {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    into.set(key, eq < 0 ? '' : decodeComponent(pair.slice(eq + 1)));
  }
  return into;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw malformedQueryError();
  }
}

function buildTree(params: Map<string, string>): ParamNode {
  const root: ParamNode = { value: undefined, children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      let child = node.children.get(part);
      if (!child) {
        child = { value: undefined, children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/** The parameter name of a structure member; a flattened list takes its member's name. */
export function queryMemberName(name: string, member: Shape): string {
  if (member.type === 'list' && member.flattened && member.member.locationName)
    return member.member.locationName;
  return member.locationName ?? name;
}

export function readQueryInput(
  shape: Shape | undefined,
  params: Map<string, string>,
): Record<string, unknown> {
  if (!shape) return {};
  return readStructure(shape, buildTree(params), '', 0);
}

function readStructure(
  shape: Shape,
  node: ParamNode,
  prefix: string,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of shape.members) {
    const wire = queryMemberName(name, member);
    const child = node.children.get(wire);
    if (!child) continue;
    const value = readNode(member, child, prefix + wire, depth + 1);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readNode(shape: Shape, node: ParamNode, key: string, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  switch (shape.type) {
    case 'structure':
      return readStructure(shape, node, `${key}.`, depth);
    case 'list':
      return readList(shape, node, key, depth);
    case 'map':
      return readMap(shape, node, key, depth);
    default: {
      if (node.value === undefined) return undefined;
      const value = readText(shape, node.value);
      if (value === INVALID) throw invalidParameterValueError(key, node.value);
      return value;
    }
  }
}

/** Children named 1, 2, 3... in numeric order (AWS SDKs number from 1). */
function numbered(node: ParamNode | undefined): [number, ParamNode][] {
  if (!node) return [];
  return [...node.children]
    .filter(([index]) => /^[1-9]\d{0,8}$/.test(index))
    .map(([index, child]): [number, ParamNode] => [Number(index), child])
    .sort((a, b) => a[0] - b[0]);
}

function readList(shape: Shape, node: ParamNode, key: string, depth: number): unknown[] {
  const itemName = shape.member.locationName ?? 'member';
  const items = shape.flattened ? node : node.children.get(itemName);
  const itemKey = shape.flattened ? key : `${key}.${itemName}`;
  // An empty list is sent as the bare name with an empty value (`AttributeName=`).
  return numbered(items)
    .map(([index, child]) => readNode(shape.member, child, `${itemKey}.${index}`, depth + 1))
    .filter((item) => item !== undefined);
}

function readMap(shape: Shape, node: ParamNode, key: string, depth: number): Record<string, unknown> {
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  const entries = shape.flattened ? node : node.children.get('entry');
  const entryKey = shape.flattened ? key : `${key}.entry`;
  const out: Record<string, unknown> = {};
  for (const [index, entry] of numbered(entries)) {
    const entryName = entry.children.get(keyName)?.value;
    const valueNode = entry.children.get(valueName);
    if (entryName === undefined || !valueNode) continue;
    const value = readNode(shape.value, valueNode, `${entryKey}.${index}.${valueName}`, depth + 1);
    if (value !== undefined) setKey(out, entryName, value);
  }
  return out;
}

/** A validation path as the parameter name a client sends (`SendMessageBatchRequestEntry.1.Id`). */
export function queryWireName(path: PathSegment[]): string {
  let name = '';
  for (const segment of path) {
    if (segment.kind === 'member') {
      name += (name ? '.' : '') + queryMemberName(segment.name, segment.shape);
    } else if (segment.kind === 'index') {
      const list = segment.collection;
      name += list.flattened
        ? `.${segment.position}`
        : `.${list.member.locationName ?? 'member'}.${segment.position}`;
    } else {
      const map = segment.collection;
      const valueName = map.value.locationName ?? 'value';
      name += map.flattened ? `.${segment.position}.${valueName}` : `.entry.${segment.position}.${valueName}`;
    }
  }
  return name;
}
