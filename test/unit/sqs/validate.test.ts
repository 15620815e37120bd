import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueueArn, parseQueueUrl, queueArn } from '../../../src/services/sqs/arns.js';
import { decodeReceipt, encodeReceipt, newReceiptToken } from '../../../src/services/sqs/receipt.js';
import {
  checkFifoId,
  checkQueueName,
  firstInvalidCharacter,
  isBatchEntryId,
  parseBoolean,
  parseInteger,
} from '../../../src/services/sqs/validate.js';

test('message bodies: the XML 1.0 characters SQS allows', () => {
  assert.equal(firstInvalidCharacter('plain \t\n\r text é 中 😀 \ud7ff \ue000 \ufffd'), undefined);
  assert.equal(firstInvalidCharacter('\u0000'), 0);
  assert.equal(firstInvalidCharacter('a\u000bb'), 0xb);
  assert.equal(firstInvalidCharacter('\ufffe'), 0xfffe);
  assert.equal(firstInvalidCharacter('lone \ud800 high'), 0xd800);
  assert.equal(firstInvalidCharacter('lone \udc00 low'), 0xdc00);
});

test('queue names', () => {
  checkQueueName('a-b_C9', false);
  checkQueueName('x'.repeat(80), false);
  checkQueueName(`${'x'.repeat(75)}.fifo`, true);
  assert.throws(() => checkQueueName('x'.repeat(81), false), /1 to 80 in length/);
  assert.throws(() => checkQueueName('has.dot', false), /1 to 80 in length/);
  assert.throws(() => checkQueueName(`${'x'.repeat(76)}.fifo`, true), /must end with .fifo suffix/);
  assert.throws(() => checkQueueName('plain', true), /must end with .fifo suffix/);
  assert.throws(() => checkQueueName('', false), /Queue name cannot be empty/);
});

test('group, deduplication and attempt ids; batch entry ids', () => {
  checkFifoId('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~aZ9', 'MessageGroupId');
  assert.throws(() => checkFifoId('has space', 'MessageGroupId'), /1 to 128 in length/);
  assert.throws(
    () => checkFifoId('x'.repeat(129), 'MessageDeduplicationId'),
    /MessageDeduplicationId can only/,
  );
  assert.throws(() => checkFifoId('', 'MessageGroupId'));
  assert.equal(isBatchEntryId('a-b_1'), true);
  assert.equal(isBatchEntryId('x'.repeat(81)), false);
  assert.equal(isBatchEntryId('a:b'), false);
  assert.equal(isBatchEntryId(undefined), false);
});

test('attribute values: integers and booleans as AWS parses them', () => {
  assert.equal(parseInteger('30'), 30);
  assert.equal(parseInteger(' 6'), undefined);
  assert.equal(parseInteger('1.5'), undefined);
  assert.equal(parseInteger(''), undefined);
  assert.equal(parseBoolean('True'), true);
  assert.equal(parseBoolean('false'), false);
  assert.equal(parseBoolean('yes'), undefined);
});

test('queue URLs are identified by account and name, whatever the host', () => {
  assert.deepEqual(parseQueueUrl('http://localhost:4566/000000000000/q'), {
    accountId: '000000000000',
    name: 'q',
  });
  assert.deepEqual(parseQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/q.fifo'), {
    accountId: '123456789012',
    name: 'q.fifo',
  });
  assert.deepEqual(parseQueueUrl('just-a-name'), { accountId: undefined, name: 'just-a-name' });
  assert.equal(parseQueueUrl('http://localhost:4566/q'), undefined);
  assert.equal(parseQueueUrl('http://localhost:4566/abc/q'), undefined);
  assert.equal(parseQueueUrl(''), undefined);
});

test('queue ARNs', () => {
  const location = { accountId: '123456789012', region: 'eu-west-1', name: 'q' };
  assert.equal(queueArn(location), 'arn:aws:sqs:eu-west-1:123456789012:q');
  assert.equal(queueArn({ ...location, region: 'cn-north-1' }), 'arn:aws-cn:sqs:cn-north-1:123456789012:q');
  assert.deepEqual(parseQueueArn('arn:aws:sqs:eu-west-1:123456789012:q'), location);
  assert.equal(parseQueueArn('arn:aws:sns:eu-west-1:123456789012:q'), undefined);
  assert.equal(parseQueueArn('not-an-arn'), undefined);
});

test('receipt handles round-trip and reject anything else', () => {
  const receipt = {
    queueId: 'a'.repeat(32),
    messageId: '6f1a9d2e-1c3b-4e5f-8a7b-9c0d1e2f3a4b',
    token: newReceiptToken(),
  };
  assert.deepEqual(decodeReceipt(encodeReceipt(receipt)), receipt);
  assert.notEqual(encodeReceipt({ ...receipt, token: newReceiptToken() }), encodeReceipt(receipt));
  assert.equal(decodeReceipt('garbage'), undefined);
  assert.equal(decodeReceipt(''), undefined);
  assert.equal(decodeReceipt(Buffer.from('nubis1:x:y:z').toString('base64')), undefined);
});
