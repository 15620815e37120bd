// Targeted hostile inputs: deep nesting, entity bombs, huge numbers, invalid UTF-8. Each must be
// refused with the protocol's 4xx error, never a crash or a stack overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../src/core/aws-error.js';
import { createCodec } from '../../src/protocol/codec.js';
import type { HttpRequest } from '../../src/protocol/types.js';

test('hostile inputs: deep nesting, entity bombs, huge numbers, invalid UTF-8', () => {
  const expectError = (model: string, req: HttpRequest, code: string) => {
    const codec = createCodec(model);
    assert.throws(
      () => codec.parseRequest(codec.resolveOperation(req), req),
      (error: unknown) => isAwsError(error) && error.code === code && error.status < 500,
      `${model} ${req.body.subarray(0, 80).toString()}`,
    );
  };
  const ddb = (body: string): HttpRequest => ({
    method: 'POST',
    path: '/',
    query: '',
    headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem', 'content-type': 'application/x-amz-json-1.0' },
    body: Buffer.from(body),
  });
  // DynamoDB bodies reach the service as parsed JSON (it checks types itself, in its own words);
  // the codec refuses only what is not a JSON object.
  expectError('dynamodb-2012-08-10.min.json', ddb('['.repeat(1_000_000)), 'SerializationException');
  expectError('dynamodb-2012-08-10.min.json', ddb('[1]'), 'SerializationException');
  const invalidUtf8 = ddb('');
  invalidUtf8.body = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
  expectError('dynamodb-2012-08-10.min.json', invalidUtf8, 'SerializationException');
  const s3 = (body: string): HttpRequest => ({
    method: 'POST',
    path: '/b',
    query: 'delete',
    headers: {},
    body: Buffer.from(body),
  });
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Delete><Object><Key>&c;</Key></Object></Delete>';
  expectError('s3-2006-03-01.min.json', s3(bomb), 'MalformedXML');
  expectError('s3-2006-03-01.min.json', s3(`<Delete>${'<Object>'.repeat(200_000)}`), 'MalformedXML');
  for (const depth of [80, 500]) {
    const nested = `<Delete>${'<Object>'.repeat(depth)}${'</Object>'.repeat(depth)}</Delete>`;
    expectError('s3-2006-03-01.min.json', s3(nested), 'MalformedXML');
  }
  const sqs: HttpRequest = {
    method: 'POST',
    path: '/',
    query: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from('Action=SendMessage&QueueUrl=q&MessageBody=b&DelaySeconds=99999999999999999999'),
  };
  expectError('sqs-2012-11-05.query.min.json', sqs, 'InvalidParameterValue');
});
