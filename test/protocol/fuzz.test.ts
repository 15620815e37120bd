// A small deterministic fuzz of every codec's request side: random and mutated bodies, headers,
// paths and query strings. Only an AwsError with a 4xx status may come out, never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../src/core/aws-error.js';
import { createCodec } from '../../src/protocol/codec.js';
import { loadModel, type Shape } from '../../src/protocol/model.js';
import { queryMemberName } from '../../src/protocol/query-params.js';
import type { HttpRequest } from '../../src/protocol/types.js';
import { MODEL_FILES } from '../../scripts/vendor-models.js';
import { MODEL_VARIANTS } from '../../src/protocol/model-variants.js';

const MODELS = [...MODEL_FILES, ...Object.keys(MODEL_VARIANTS)];
const ITERATIONS_PER_MODEL = 250;

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
/** encodeURIComponent throws on lone surrogates; the fuzz sends those raw elsewhere. */
const enc = (text: string): string => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  '\u0000',
  '\uD800',
  '%',
  '%zz',
  '%E0%A4%A',
  '<a>&lol;</a>',
  ']]>',
  '{"a":',
  'NaN',
  '-Infinity',
  '1e400',
  '123456789012345678901234567890',
  '-1',
  '0.5',
  'true',
  'x'.repeat(2000),
  '😀',
  '/../..',
  'a,b,,c',
];

function randomString(rand: Rand): string {
  if (rand() < 0.4) return pick(rand, NASTY_STRINGS);
  const length = Math.floor(rand() * 12);
  let text = '';
  for (let i = 0; i < length; i++)
    text += String.fromCharCode(Math.floor(rand() * (rand() < 0.8 ? 128 : 0xffff)));
  return text;
}

function randomScalar(rand: Rand): unknown {
  return pick(rand, [
    () => randomString(rand),
    () => Math.floor(rand() * 1e6) - 5e5,
    () => rand() * 1e20,
    () => rand() < 0.5,
    () => null,
    () => [],
    () => ({}),
  ])();
}

/** A value roughly of the shape, with a chance of the wrong type at every level. */
function valueFor(shape: Shape, rand: Rand, depth: number): unknown {
  if (rand() < 0.08 || depth > 6) return randomScalar(rand);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of shape.members)
        if (rand() < 0.6) out[name] = valueFor(member, rand, depth + 1);
      if (rand() < 0.1)
        Object.defineProperty(out, '__proto__', { value: { polluted: true }, enumerable: true });
      return out;
    }
    case 'list':
      return Array.from({ length: Math.floor(rand() * 3) }, () => valueFor(shape.member, rand, depth + 1));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(rand() * 3); i++)
        out[randomString(rand)] = valueFor(shape.value, rand, depth + 1);
      return out;
    }
    case 'integer':
    case 'long':
      return rand() < 0.8 ? Math.floor(rand() * 100) : randomScalar(rand);
    case 'boolean':
      return rand() < 0.8 ? rand() < 0.5 : randomScalar(rand);
    case 'blob':
      return rand() < 0.8 ? Buffer.from(randomString(rand)).toString('base64') : randomString(rand);
    case 'timestamp':
      return rand() < 0.5 ? rand() * 2e9 : randomString(rand);
    default:
      return rand() < 0.9 ? randomString(rand) : randomScalar(rand);
  }
}

/** Query parameters for a value, named as SDKs name them, with random garbage mixed in. */
function flatten(shape: Shape, value: unknown, prefix: string, out: string[], rand: Rand): void {
  if (shape.type === 'structure' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, member] of shape.members) {
      const v = (value as Record<string, unknown>)[name];
      if (v !== undefined)
        flatten(member, v, `${prefix}${prefix ? '.' : ''}${queryMemberName(name, member)}`, out, rand);
    }
  } else if (shape.type === 'list' && Array.isArray(value)) {
    value.forEach((item, i) =>
      flatten(shape.member, item, `${prefix}${shape.flattened ? '' : '.member'}.${i + 1}`, out, rand),
    );
  } else if (shape.type === 'map' && value && typeof value === 'object') {
    Object.entries(value).forEach(([key, item], i) => {
      const base = `${prefix}${shape.flattened ? '' : '.entry'}.${i + 1}`;
      out.push(`${base}.${shape.key.locationName ?? 'key'}=${enc(key)}`);
      flatten(shape.value, item, `${base}.${shape.value.locationName ?? 'value'}`, out, rand);
    });
  } else {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    out.push(`${prefix}=${rand() < 0.9 ? enc(text) : text}`);
  }
}

const BODIES = [
  '',
  '{',
  '[]',
  '"x"',
  'null',
  '{"a":'.repeat(20000),
  '['.repeat(100000),
  '<a>'.repeat(20000),
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><Delete>&lol2;</Delete>',
  '<Delete><Object><Key>a</Key></Object>',
  '<Delete xmlns="x"><Object><Key>&#x110000;&#0;</Key></Object><Quiet>maybe</Quiet></Delete>',
  '0\r\n\r\n',
  'zz;chunk-signature=x\r\n',
];

function randomBody(rand: Rand, model: string, shape: Shape | undefined): Buffer {
  const r = rand();
  if (r < 0.15)
    return Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
  if (r < 0.35) return Buffer.from(pick(rand, BODIES));
  const value = shape ? valueFor(shape, rand, 0) : {};
  if (model.startsWith('s3')) {
    return Buffer.from(
      `<Root>${JSON.stringify(value).replace(/[{}"[\]]/g, (c) => (c === '{' ? '<a>' : c === '}' ? '</a>' : ''))}</Root>`,
    );
  }
  const text = JSON.stringify(value) ?? '';
  return Buffer.from(rand() < 0.2 ? text.slice(0, Math.floor(rand() * text.length)) : text);
}

function randomRequest(rand: Rand, model: string): HttpRequest {
  const m = loadModel(model);
  const names = m.operationNames();
  const op = m.operation(pick(rand, names))!;
  const protocol = m.metadata.protocol;
  const headers: Record<string, string> = {};
  let path = '/';
  let query = '';
  let method = 'POST';
  let body = randomBody(rand, model, op.input);
  if (protocol === 'json') {
    headers['x-amz-target'] = rand() < 0.9 ? `${m.metadata.targetPrefix}.${op.name}` : randomString(rand);
    headers['content-type'] = `application/x-amz-json-${m.metadata.jsonVersion}`;
  } else if (protocol === 'query') {
    const params = rand() < 0.9 ? [`Action=${op.name}`, 'Version=x'] : [];
    if (op.input) flatten(op.input, valueFor(op.input, rand, 0), '', params, rand);
    if (rand() < 0.2) params.push(`${randomString(rand)}=${randomString(rand)}`);
    headers['content-type'] = 'application/x-www-form-urlencoded';
    if (rand() < 0.85) body = Buffer.from(params.join('&'));
    if (rand() < 0.3) query = params.join('&');
    if (rand() < 0.2) path = `/000000000000/${randomString(rand)}`;
  } else {
    method = rand() < 0.9 ? op.method : pick(rand, ['GET', 'PUT', 'PATCH', 'OPTIONS', 'DELETE']);
    const [uri = '/', literal = ''] = op.requestUri.split('?');
    path = uri.replace(/\{[^}]+\}/g, () =>
      rand() < 0.7 ? enc(randomString(rand) || 'x') : randomString(rand),
    );
    query = [
      literal,
      rand() < 0.5 ? `${randomString(rand)}=${randomString(rand)}` : '',
      rand() < 0.2 ? 'max-keys=abc&MaxItems=1e400' : '',
    ]
      .filter(Boolean)
      .join('&');
    for (const member of op.input?.members.values() ?? []) {
      if (member.location === 'header' && rand() < 0.5)
        headers[(member.locationName ?? 'x').toLowerCase()] = randomString(rand).replace(/[^\x20-\x7e]/g, '');
    }
    if (rand() < 0.2) headers['content-encoding'] = 'aws-chunked';
  }
  return { method, path, query, headers, body };
}

test('codecs answer malformed input with 4xx AwsErrors only', () => {
  const rand = prng(20240607);
  let errors = 0;
  for (const model of MODELS) {
    const codec = createCodec(model);
    for (let i = 0; i < ITERATIONS_PER_MODEL; i++) {
      const req = randomRequest(rand, model);
      let operation: string | undefined;
      try {
        if (codec.accepts(req) || rand() < 0.5) {
          operation = codec.resolveOperation(req);
          codec.parseRequest(operation, req);
        }
      } catch (error) {
        const where = `${model} #${i} ${req.method} ${req.path}?${req.query.slice(0, 200)} ${req.body.subarray(0, 200).toString()}`;
        assert.ok(isAwsError(error), `${where}: threw ${String(error)}\n${(error as Error).stack}`);
        assert.ok(error.status >= 400 && error.status < 500, `${where}: status ${error.status}`);
        const res = codec.serializeError(error, operation, { requestId: 'fuzz' });
        assert.equal(res.status, error.status);
        errors++;
      }
    }
  }
  assert.ok(errors > MODELS.length * 10, `only ${errors} errors: the fuzz is not reaching the error paths`);
});
