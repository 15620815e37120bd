// JSON 1.0 with awsQueryCompatible: SQS through the official SDK v3 client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SQSClient,
  SendMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  InvalidAttributeName,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import { AwsError, clientConfig, startHarness, type Harness } from './harness.js';

let harness: Harness;
let sqs: SQSClient;
const QUEUE_URL = 'http://127.0.0.1/000000000000/q1';

before(async () => {
  harness = await startHarness('sqs-2012-11-05.min.json', 'sqs-2012-11-05.query.min.json');
  // MD5 checks are the SQS service's business; the canned outputs here carry made-up digests.
  sqs = new SQSClient({ ...clientConfig(harness), md5: false });
});
after(async () => {
  sqs.destroy();
  await harness.close();
});

test('SendMessage: strings, numbers, maps of structures and blobs arrive as given', async () => {
  harness.respond('SendMessage', { MessageId: 'm-1', MD5OfMessageBody: 'abc', SequenceNumber: '7' });
  const out = await sqs.send(
    new SendMessageCommand({
      QueueUrl: QUEUE_URL,
      MessageBody: 'hello\r\n"world" & <tags>',
      DelaySeconds: 5,
      MessageAttributes: {
        s: { DataType: 'String', StringValue: 'v' },
        b: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) },
        n: { DataType: 'Number', StringValue: '42' },
      },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1' } },
    }),
  );
  const call = harness.last();
  assert.equal(call.operation, 'SendMessage');
  assert.equal(call.protocol, 'json');
  assert.deepEqual(call.input, {
    QueueUrl: QUEUE_URL,
    MessageBody: 'hello\r\n"world" & <tags>',
    DelaySeconds: 5,
    MessageAttributes: {
      s: { DataType: 'String', StringValue: 'v' },
      b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 255]) },
      n: { DataType: 'Number', StringValue: '42' },
    },
    MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1' } },
  });
  assert.equal(out.MessageId, 'm-1');
  assert.equal(out.SequenceNumber, '7');
  assert.equal(out.$metadata.requestId, harness.lastRequestId);
});

test('ReceiveMessage: lists, attribute maps and binary attributes come back as the SDK expects', async () => {
  harness.respond('ReceiveMessage', {
    Messages: [
      {
        MessageId: 'm-1',
        ReceiptHandle: 'rh',
        MD5OfBody: 'x',
        Body: 'body',
        Attributes: { SentTimestamp: '1700000000000', ApproximateReceiveCount: '1' },
        MessageAttributes: { b: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } },
      },
      { MessageId: 'm-2', ReceiptHandle: 'rh2', Body: '' },
    ],
  });
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  assert.deepEqual(harness.last().input, {
    QueueUrl: QUEUE_URL,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 0,
    MessageSystemAttributeNames: ['All'],
    MessageAttributeNames: ['All'],
  });
  assert.equal(out.Messages?.length, 2);
  assert.deepEqual(out.Messages?.[0]?.Attributes, {
    SentTimestamp: '1700000000000',
    ApproximateReceiveCount: '1',
  });
  assert.deepEqual(
    Buffer.from(out.Messages?.[0]?.MessageAttributes?.b?.BinaryValue ?? []),
    Buffer.from('hi'),
  );
  assert.equal(out.Messages?.[1]?.Body, '');
});

test('SendMessageBatch and GetQueueAttributes round-trip nested lists and booleans', async () => {
  harness.respond('SendMessageBatch', {
    Successful: [{ Id: 'a', MessageId: 'm', MD5OfMessageBody: 'd' }],
    Failed: [{ Id: 'b', SenderFault: true, Code: 'InvalidParameterValue', Message: 'bad' }],
  });
  const batch = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: QUEUE_URL,
      Entries: [
        { Id: 'a', MessageBody: 'x' },
        { Id: 'b', MessageBody: 'y', DelaySeconds: 3 },
      ],
    }),
  );
  assert.deepEqual(harness.last().input.Entries, [
    { Id: 'a', MessageBody: 'x' },
    { Id: 'b', MessageBody: 'y', DelaySeconds: 3 },
  ]);
  assert.equal(batch.Failed?.[0]?.SenderFault, true);
  harness.respond('GetQueueAttributes', { Attributes: { VisibilityTimeout: '30' } });
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: QUEUE_URL, AttributeNames: ['All'] }),
  );
  assert.deepEqual(attrs.Attributes, { VisibilityTimeout: '30' });
});

test('an error with a query code becomes the modeled exception with AWS Code and request id', async () => {
  harness.respond(
    'GetQueueAttributes',
    new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    }),
  );
  const error = await sqs
    .send(new GetQueueAttributesCommand({ QueueUrl: QUEUE_URL }))
    .catch((e: unknown) => e);
  assert.ok(error instanceof QueueDoesNotExist, `got ${String(error)}`);
  assert.equal(error.name, 'QueueDoesNotExist');
  assert.equal(error.message, 'The specified queue does not exist.');
  assert.equal((error as unknown as { Code: string }).Code, 'AWS.SimpleQueueService.NonExistentQueue');
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(error.$metadata.requestId, harness.lastRequestId);
  assert.equal(error.$fault, 'client');
});

test('the query code is derived for SQS errors that carry none', async () => {
  harness.respond('GetQueueAttributes', new AwsError('InvalidAttributeName', 'Unknown Attribute Foo.'));
  const error = await sqs
    .send(new GetQueueAttributesCommand({ QueueUrl: QUEUE_URL }))
    .catch((e: unknown) => e);
  assert.ok(error instanceof InvalidAttributeName);
  assert.equal((error as unknown as { Code: string }).Code, 'InvalidAttributeName');
  harness.respond(
    'GetQueueAttributes',
    new AwsError('InvalidParameterValueException', 'Value x is invalid.'),
  );
  const generic = await sqs
    .send(new GetQueueAttributesCommand({ QueueUrl: QUEUE_URL }))
    .catch((e: unknown) => e);
  // With awsQueryCompatible the SDK names unmodeled errors by their query code, as it does for AWS.
  assert.ok(generic instanceof SQSServiceException);
  assert.equal(generic.name, 'InvalidParameterValue');
  assert.equal((generic as unknown as { Code: string }).Code, 'InvalidParameterValue');
});

async function rawJson(
  target: string,
  body: string,
): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(`${harness.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

test('missing required members answer as SQS does, in JSON with the query code header', async () => {
  const res = await rawJson('AmazonSQS.SendMessage', JSON.stringify({ QueueUrl: QUEUE_URL }));
  assert.equal(res.status, 400);
  assert.equal(res.json.__type, 'com.amazon.coral.service#MissingRequiredParameterException');
  assert.equal(res.json.message, 'The request must contain the parameter MessageBody.');
  assert.equal(res.headers.get('x-amzn-query-error'), 'MissingParameter;Sender');
  assert.ok(res.headers.get('x-amzn-requestid'));
});

test('wrong JSON types, malformed bodies and unknown targets are coral errors', async () => {
  const typed = await rawJson(
    'AmazonSQS.SendMessage',
    '{"QueueUrl":"u","MessageBody":"b","DelaySeconds":"abc"}',
  );
  assert.equal(typed.json.__type, 'com.amazon.coral.service#SerializationException');
  assert.equal(typed.json.message, 'STRING_VALUE can not be converted to an Integer');
  const listy = await rawJson('AmazonSQS.SendMessage', '{"QueueUrl":["u"],"MessageBody":"b"}');
  assert.equal(listy.json.message, 'Start of list found where not expected');
  const malformed = await rawJson('AmazonSQS.SendMessage', '{"QueueUrl":');
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json.__type, 'com.amazon.coral.service#SerializationException');
  const unknown = await rawJson('AmazonSQS.Nope', '{}');
  assert.equal(unknown.json.__type, 'com.amazon.coral.service#UnknownOperationException');
  assert.equal(unknown.headers.get('x-amzn-query-error'), 'UnknownOperationException;Sender');
});
