// The expression languages: parsing (linear in the input, DynamoDB's messages), evaluation and updates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAwsError } from '../../../src/core/aws-error.js';
import type { Item } from '../../../src/services/dynamodb/attribute-value.js';
import {
  applyUpdate,
  evaluateCondition,
  parseExpressions,
  project,
} from '../../../src/services/dynamodb/expressions/index.js';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    assert.ok(isAwsError(error), String(error));
    return error.message;
  }
  throw new Error('no error');
};

const item: Item = {
  id: { S: 'a' },
  n: { N: '5' },
  tags: { SS: ['x', 'y'] },
  leftover: { SS: ['x'] },
  doc: { M: { list: { L: [{ N: '1' }, { S: 'two' }] } } },
};

describe('expressions', () => {
  test('conditions evaluate with DynamoDB semantics', () => {
    const cases: [string, Record<string, any>, boolean][] = [
      ['n BETWEEN :a AND :b', { ':a': { N: '1' }, ':b': { N: '5' } }, true],
      ['n > :a', { ':a': { S: '1' } }, false],
      ['contains(tags, :t) AND size(doc.#l) = :two', { ':t': { S: 'y' }, ':two': { N: '2' } }, true],
      ['attribute_not_exists(nothing) OR n = :a', { ':a': { N: '0' } }, true],
      ['NOT begins_with(doc.#l[1], :p)', { ':p': { S: 'tw' } }, false],
      ['n IN (:a, :b)', { ':a': { N: '4' }, ':b': { N: '5.0' } }, true],
    ];
    for (const [expression, values, expected] of cases) {
      const names = expression.includes('#l') ? { '#l': 'list' } : undefined;
      const parsed = parseExpressions(
        {
          ConditionExpression: expression,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        },
        { operation: 'PutItem' },
      );
      assert.equal(evaluateCondition(parsed.condition!, item), expected, expression);
    }
  });

  test('updates apply SET, REMOVE, ADD and DELETE in order and leave the old item alone', () => {
    const parsed = parseExpressions(
      {
        UpdateExpression:
          'SET n = n + :one, doc.#l[5] = :v REMOVE doc.#l[0] ADD tags :more DELETE leftover :gone',
        ExpressionAttributeNames: { '#l': 'list' },
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':v': { S: 'end' },
          ':more': { SS: ['z'] },
          ':gone': { SS: ['x'] },
        },
      },
      { operation: 'UpdateItem' },
    );
    const next = applyUpdate(parsed.update!, item);
    assert.deepEqual(next.n, { N: '6' });
    assert.deepEqual(next.doc, { M: { list: { L: [{ S: 'two' }, { S: 'end' }] } } });
    assert.deepEqual(next.tags, { SS: ['x', 'y', 'z'] });
    // Deleting a set's last elements removes the attribute.
    assert.equal(next.leftover, undefined);
    assert.deepEqual(item.n, { N: '5' });
  });

  test('projections keep nested structure and list order', () => {
    const parsed = parseExpressions(
      { ProjectionExpression: 'doc.#l[1], id', ExpressionAttributeNames: { '#l': 'list' } },
      { operation: 'GetItem' },
    );
    assert.deepEqual(project(parsed.projection!, item), {
      doc: { M: { list: { L: [{ S: 'two' }] } } },
      id: { S: 'a' },
    });
  });

  test('errors carry DynamoDB messages', () => {
    assert.equal(
      message(() => parseExpressions({ ConditionExpression: 'a >' }, { operation: 'PutItem' })),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ">"',
    );
    assert.equal(
      message(() =>
        parseExpressions(
          { FilterExpression: 'name = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
          { operation: 'Scan' },
        ),
      ),
      'Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: name',
    );
    assert.equal(
      message(() =>
        parseExpressions(
          {
            ConditionExpression: 'a = :v',
            ExpressionAttributeValues: { ':v': { S: 'x' }, ':w': { S: 'y' } },
          },
          { operation: 'PutItem' },
        ),
      ),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}',
    );
    assert.equal(
      message(() =>
        parseExpressions(
          { UpdateExpression: 'SET a = :v, a.b = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
          { operation: 'UpdateItem' },
        ),
      ),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
  });

  test('parsing is linear: deeply nested expressions of the maximum length parse at once', () => {
    const values = { ':v': { N: '1' } };
    const nots = `${'NOT '.repeat(1000)}a = :v`;
    const parsedNots = parseExpressions(
      { ConditionExpression: nots, ExpressionAttributeValues: values },
      { operation: 'PutItem' },
    );
    assert.equal(evaluateCondition(parsedNots.condition!, { a: { N: '1' } }), true);
    const depth = 1300;
    const nested = `${'(a = :v AND '.repeat(depth)}a = :v${')'.repeat(depth)}`;
    assert.ok(nested.length > 4000);
    const parsed = parseExpressions(
      { ConditionExpression: nested, ExpressionAttributeValues: values },
      { operation: 'PutItem' },
    );
    assert.equal(evaluateCondition(parsed.condition!, { a: { N: '1' } }), true);
    const chain = Array.from({ length: 800 }, () => 'a = :v').join(' OR ');
    const parsedChain = parseExpressions(
      { ConditionExpression: chain, ExpressionAttributeValues: values },
      { operation: 'PutItem' },
    );
    assert.equal(evaluateCondition(parsedChain.condition!, { a: { N: '2' } }), false);
  });
});
