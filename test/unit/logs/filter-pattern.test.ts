// Filter patterns against the examples of the CloudWatch Logs user guide ("Filter pattern syntax").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileFilterPattern, FilterPatternError } from '../../../src/services/logs/filter-pattern.js';

function matching(pattern: string, messages: string[]): string[] {
  const matches = compileFilterPattern(pattern);
  return messages.filter((message) => matches(message));
}

function invalid(pattern: string): void {
  assert.throws(() => compileFilterPattern(pattern), FilterPatternError, pattern);
}

describe('unstructured terms', () => {
  const events = [
    '[ERROR 400] BAD REQUEST',
    '[ERROR 401] UNAUTHORIZED REQUEST',
    '[ERROR 419] MISSING ARGUMENTS',
    '[ERROR 420] INVALID ARGUMENTS',
    '[WARN] Exiting with ERROR code',
    '[INFO] all good',
  ];

  test('an empty pattern matches every event', () => {
    assert.equal(matching('', events).length, events.length);
    assert.equal(matching('   ', events).length, events.length);
  });

  test('a single term; terms are case sensitive', () => {
    assert.deepEqual(matching('ARGUMENTS', events), [events[2], events[3]]);
    assert.deepEqual(matching('arguments', events), []);
  });

  test('every term must match', () => {
    assert.deepEqual(matching('ERROR ARGUMENTS', events), [events[2], events[3]]);
    assert.deepEqual(matching('ERROR MISSING ARGUMENTS', events), [events[2]]);
  });

  test('-term excludes events', () => {
    assert.deepEqual(matching('ERROR -ARGUMENTS', events), [events[0], events[1], events[4]]);
    assert.deepEqual(matching('ERROR -Exiting -ARGUMENTS', events), [events[0], events[1]]);
  });

  test('?term matches any of the terms', () => {
    assert.deepEqual(matching('?WARN ?INFO', events), [events[4], events[5]]);
    assert.deepEqual(matching('?MISSING ?INVALID', events), [events[2], events[3]]);
  });

  test('quoted phrases match exactly, with non-alphanumeric characters', () => {
    assert.deepEqual(matching('"INVALID ARGUMENTS"', events), [events[3]]);
    assert.deepEqual(matching('"[ERROR 401]"', events), [events[1]]);
    assert.deepEqual(matching('"ERROR code" -INFO', events), [events[4]]);
  });

  test('%regex% terms', () => {
    assert.deepEqual(matching('%ERROR 4[01]\\d%', events), [events[0], events[1], events[2]]);
  });

  test('unquoted terms with special characters are invalid', () => {
    invalid('email@domain.com');
    invalid('"unterminated');
    invalid('%[%');
  });
});

describe('JSON patterns', () => {
  const trail = JSON.stringify({
    eventType: 'UpdateTrail',
    sourceIPAddress: '123.123.123.123',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    cluster: { name: 'prod' },
    ThisFlag: true,
    latency: 50,
    bandwidth: 101.5,
  });
  const other = JSON.stringify({ eventType: 'CreateTrail', latency: 5, ThisFlag: false, bandwidth: 10 });
  const events = [trail, other, 'not json', '[1,2]'];

  test('string equality and inequality', () => {
    assert.deepEqual(matching('{ $.eventType = "UpdateTrail" }', events), [trail]);
    assert.deepEqual(matching('{ $.eventType = UpdateTrail }', events), [trail]);
    assert.deepEqual(matching('{ $.eventType != "UpdateTrail" }', events), [other]);
  });

  test('wildcards in values', () => {
    assert.deepEqual(matching('{ $.sourceIPAddress = 123.123.* }', events), [trail]);
    assert.deepEqual(matching('{ $.eventType = *Trail }', events), [trail, other]);
    assert.deepEqual(matching('{ $.sourceIPAddress != 123.123.* }', events), []);
  });

  test('numeric comparisons', () => {
    assert.deepEqual(matching('{ $.latency = 50 }', events), [trail]);
    assert.deepEqual(matching('{ $.latency != 50 }', events), [other]);
    assert.deepEqual(matching('{ $.bandwidth > 75 }', events), [trail]);
    assert.deepEqual(matching('{ $.latency < 50 }', events), [other]);
    assert.deepEqual(matching('{ $.latency <= 50 }', events), [trail, other]);
    assert.deepEqual(matching('{ $.latency >= 50 }', events), [trail]);
  });

  test('array indexes and nested fields', () => {
    assert.deepEqual(matching('{ $.arrayKey[0] = "value" }', events), [trail]);
    assert.deepEqual(matching('{ $.objectList[1].id = 2 }', events), [trail]);
    assert.deepEqual(matching('{ $.objectList[1].id = 1 }', events), []);
    assert.deepEqual(matching('{ $.cluster.name = "prod" }', events), [trail]);
  });

  test('IS NULL, NOT EXISTS, IS TRUE, IS FALSE', () => {
    assert.deepEqual(matching('{ $.SomeObject IS NULL }', events), [trail]);
    assert.deepEqual(matching('{ $.SomeOtherObject NOT EXISTS }', events), [trail, other]);
    assert.deepEqual(matching('{ $.SomeObject NOT EXISTS }', events), [other]);
    assert.deepEqual(matching('{ $.ThisFlag IS TRUE }', events), [trail]);
    assert.deepEqual(matching('{ $.ThisFlag IS FALSE }', events), [other]);
  });

  test('&& and || with parentheses', () => {
    assert.deepEqual(matching('{ ($.latency > 10) && ($.eventType = "UpdateTrail") }', events), [trail]);
    assert.deepEqual(matching('{ $.latency < 10 || $.bandwidth > 100 }', events), [trail, other]);
    assert.deepEqual(
      matching('{ ($.eventType = "CreateTrail" || $.eventType = "UpdateTrail") && $.latency >= 50 }', events),
      [trail],
    );
  });

  test('a missing field never matches a comparison', () => {
    assert.deepEqual(matching('{ $.missing != "x" }', events), []);
    assert.deepEqual(matching('{ $.missing > 1 }', events), []);
  });

  test('invalid JSON patterns', () => {
    invalid('{ $.eventType = "UpdateTrail"');
    invalid('{ eventType = "x" }');
    invalid('{ $.a > abc }');
    invalid('{ $.a = }');
    invalid('{ ($.a = 1 }');
    invalid('{ $.a IS MAYBE }');
    invalid('{ $.a = 1 && }');
  });
});

describe('space-delimited patterns', () => {
  const log = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 404 988',
    '10.0.0.2 - alice [10/Oct/2000:13:55:00 -0700] "POST /login HTTP/1.0" 401 1200',
  ];

  test('a field per position; quoted and bracketed text is one field', () => {
    assert.equal(matching('[ip, user, username, timestamp, request, status_code, bytes]', log).length, 4);
    assert.deepEqual(matching('[ip, user, username, timestamp]', log), []);
  });

  test('conditions on fields, with wildcards and numbers', () => {
    assert.deepEqual(matching('[ip, user, username, timestamp, request, status_code = 4*, bytes]', log), [
      log[2],
      log[3],
    ]);
    assert.deepEqual(matching('[ip, user, username, timestamp, request, status_code = 500, bytes]', log), [
      log[1],
    ]);
    assert.deepEqual(matching('[ip, user, username, timestamp, request, status_code, bytes > 1000]', log), [
      log[0],
      log[1],
      log[3],
    ]);
    assert.deepEqual(matching('[ip, user, username != frank, timestamp, request, status_code, bytes]', log), [
      log[3],
    ]);
    assert.deepEqual(matching('[ip, user, username, timestamp, request = "POST*", ...]', log), [log[3]]);
  });

  test('&& and || inside a field', () => {
    assert.deepEqual(
      matching(
        '[ip, user, username, timestamp, request, status_code = 4* && status_code != 404, bytes]',
        log,
      ),
      [log[3]],
    );
    assert.deepEqual(
      matching(
        '[ip, user, username, timestamp, request, status_code = 200 || status_code = 500, bytes]',
        log,
      ),
      [log[0], log[1]],
    );
  });

  test('... matches any number of fields', () => {
    assert.deepEqual(matching('[..., status_code = 404, bytes]', log), [log[2]]);
    assert.deepEqual(matching('[ip = 10.*, ...]', log), [log[3]]);
    assert.equal(matching('[...]', log).length, 4);
  });

  test('invalid space-delimited patterns', () => {
    invalid('[ip, user');
    invalid('[ip, 5 = 4]');
    invalid('[ip, status > abc]');
  });
});
