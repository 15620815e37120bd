import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidEventPatternError, matchesPattern, parseEventPattern } from '../../src/core/event-pattern.js';

function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(parseEventPattern(JSON.stringify(pattern)), event);
}

test('exact values: strings, numbers, booleans and null; keys AND-ed, values OR-ed', () => {
  assert.ok(matches({ Name: ['Alice'] }, { Name: 'Alice' }));
  assert.ok(!matches({ Name: ['Alice'] }, { Name: 'alice' }));
  assert.ok(matches({ PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Debit' }));
  assert.ok(matches({ Count: [5] }, { Count: 5.0 }));
  assert.ok(!matches({ Count: [5] }, { Count: '5' }));
  assert.ok(matches({ Flag: [true] }, { Flag: true }));
  assert.ok(matches({ UserID: [null] }, { UserID: null }));
  assert.ok(!matches({ UserID: [null] }, {}));
  assert.ok(matches({ LastName: [''] }, { LastName: '' }));
  assert.ok(matches({ A: ['x'], B: ['y'] }, { A: 'x', B: 'y' }));
  assert.ok(!matches({ A: ['x'], B: ['y'] }, { A: 'x', B: 'z' }));
});

test('nested keys, and fields holding arrays match when any element does', () => {
  const event = { body: { Location: { City: 'Paris' }, Tags: ['a', 'b'], Items: [{ id: 1 }, { id: 2 }] } };
  assert.ok(matches({ body: { Location: { City: ['Paris'] } } }, event));
  assert.ok(!matches({ body: { Location: { City: ['Rome'] } } }, event));
  assert.ok(matches({ body: { Tags: ['b'] } }, event));
  assert.ok(matches({ body: { Items: { id: [2] } } }, event));
  assert.ok(!matches({ body: { Location: ['Paris'] } }, event), 'an object is not a leaf value');
});

test('prefix, suffix, equals-ignore-case and wildcard, with their case-insensitive forms', () => {
  assert.ok(matches({ Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' }));
  assert.ok(!matches({ Region: [{ prefix: 'us-' }] }, { Region: 'eu-west-1' }));
  assert.ok(matches({ Region: [{ prefix: { 'equals-ignore-case': 'US-' } }] }, { Region: 'us-east-1' }));
  assert.ok(matches({ File: [{ suffix: '.png' }] }, { File: 'a.png' }));
  assert.ok(matches({ File: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, { File: 'a.png' }));
  assert.ok(matches({ Name: [{ 'equals-ignore-case': 'ALICE' }] }, { Name: 'alice' }));
  assert.ok(matches({ Path: [{ wildcard: '*/lib/*.js' }] }, { Path: 'src/lib/a.js' }));
  assert.ok(!matches({ Path: [{ wildcard: '*/lib/*.js' }] }, { Path: 'src/bin/a.js' }));
  assert.ok(matches({ Path: [{ wildcard: 'a\\*b' }] }, { Path: 'a*b' }));
  assert.ok(!matches({ Path: [{ wildcard: 'a\\*b' }] }, { Path: 'axxb' }));
  assert.ok(!matches({ N: [{ prefix: '1' }] }, { N: 12 }), 'string operators match strings only');
});

test('anything-but: values, lists and string operators; a missing field does not match', () => {
  assert.ok(matches({ Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Sunny' }));
  assert.ok(!matches({ Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Raining' }));
  assert.ok(!matches({ Weather: [{ 'anything-but': 'Raining' }] }, {}));
  assert.ok(matches({ N: [{ 'anything-but': [1, 2] }] }, { N: 3 }));
  assert.ok(!matches({ R: [{ 'anything-but': { prefix: 'us-' } }] }, { R: 'us-east-1' }));
  assert.ok(matches({ R: [{ 'anything-but': { suffix: '.png' } }] }, { R: 'a.jpg' }));
  assert.ok(!matches({ S: [{ 'anything-but': { 'equals-ignore-case': ['INIT'] } }] }, { S: 'init' }));
  assert.ok(!matches({ P: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { P: 'x/lib/y' }));
});

test('numeric comparisons and ranges match numbers only', () => {
  assert.ok(matches({ Price: [{ numeric: ['=', 100] }] }, { Price: 100 }));
  assert.ok(matches({ Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 }));
  assert.ok(!matches({ Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 10 }));
  assert.ok(matches({ Price: [{ numeric: ['>=', 10, '<', 20] }] }, { Price: 10 }));
  assert.ok(matches({ Price: [{ numeric: ['<', 0] }] }, { Price: -1.5 }));
  assert.ok(!matches({ Price: [{ numeric: ['=', 100] }] }, { Price: '100' }));
});

test('exists: true for a present leaf, false for an absent field', () => {
  assert.ok(matches({ ProductName: [{ exists: true }] }, { ProductName: 'x' }));
  assert.ok(!matches({ ProductName: [{ exists: true }] }, {}));
  assert.ok(matches({ ProductName: [{ exists: false }] }, {}));
  assert.ok(!matches({ ProductName: [{ exists: false }] }, { ProductName: 'x' }));
  assert.ok(matches({ a: { b: [{ exists: false }] } }, {}));
});

test('$or matches when any of its patterns does', () => {
  const pattern = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
  assert.ok(matches(pattern, { Location: 'Paris', Day: 'Monday' }));
  assert.ok(matches(pattern, { Location: 'New York' }));
  assert.ok(!matches(pattern, { Location: 'Paris', Day: 'Friday' }));
  assert.ok(matches({ Kind: ['a'], $or: [{ X: [1] }, { Y: [2] }] }, { Kind: 'a', Y: 2 }));
  assert.ok(!matches({ Kind: ['b'], $or: [{ X: [1] }, { Y: [2] }] }, { Kind: 'a', Y: 2 }));
});

test('malformed patterns are refused', () => {
  const invalid = [
    'not json',
    '[]',
    '"text"',
    '{}',
    '{"a": "x"}',
    '{"a": []}',
    '{"a": [["x"]]}',
    '{"a": [{"unknown": 1}]}',
    '{"a": [{"prefix": 1}]}',
    '{"a": [{"prefix": "x", "suffix": "y"}]}',
    '{"a": [{"exists": "yes"}]}',
    '{"a": [{"numeric": [">", "1"]}]}',
    '{"a": [{"numeric": ["~", 1]}]}',
    '{"a": [{"numeric": [">", 5, "<", 1]}]}',
    '{"a": [{"numeric": ["<", 1, ">", 5]}]}',
    '{"a": [{"anything-but": []}]}',
    '{"a": [{"anything-but": {"numeric": [">", 1]}}]}',
    '{"a": [{"wildcard": "a**b"}]}',
    '{"$or": [{"a": ["x"]}]}',
    '{"$or": {"a": ["x"]}}',
  ];
  for (const text of invalid) {
    assert.throws(() => parseEventPattern(text), InvalidEventPatternError, text);
  }
});
