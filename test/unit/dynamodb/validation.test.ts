// Request validation refuses malformed DynamoDB bodies with DynamoDB's errors, never a crash:
// the cases the generic codec no longer sees now that DynamoDB reads its own JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsError } from '../../../src/core/aws-error.js';
import { validateRequest } from '../../../src/services/dynamodb/validation/index.js';

function refusal(operation: string, body: Record<string, unknown>): { code: string; text: string } {
  try {
    validateRequest(operation, body);
  } catch (error) {
    assert.ok(isAwsError(error), String(error));
    assert.ok(error.status < 500);
    const text = error.message || String(error.fields?.['Message'] ?? '');
    return { code: error.code, text };
  }
  throw new Error('accepted');
}

test('hostile and malformed bodies get DynamoDB errors', () => {
  let deep: unknown = { S: 'x' };
  for (let i = 0; i < 5000; i++) deep = { M: { a: deep } };
  assert.deepEqual(refusal('PutItem', { TableName: 'tab', Item: { a: deep } }), {
    code: 'ValidationException',
    text: 'Nesting Levels have exceeded supported limits',
  });
  assert.deepEqual(refusal('PutItem', { TableName: 'tab', Item: [] }), {
    code: 'SerializationException',
    text: 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
  });
  assert.deepEqual(refusal('PutItem', { TableName: 'tab', Item: { a: { B: '!!!!' } } }), {
    code: 'SerializationException',
    text: 'Invalid last non-pad Base64 character dectected',
  });
  assert.equal(
    refusal('PutItem', { TableName: 'tab', Item: {}, ReturnValues: Infinity }).code,
    'SerializationException',
  );
  assert.deepEqual(refusal('PutItem', { TableName: 'tab', Item: { a: { N: '1e400' } } }), {
    code: 'ValidationException',
    text: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
  });
  assert.deepEqual(refusal('GetItem', { TableName: 'ab', Key: {} }), {
    code: 'ValidationException',
    text: "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
  });
});
