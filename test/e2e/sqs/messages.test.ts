import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  SendMessageCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { attributes, createQueue, receive, rejects, useSqs } from './support.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

for (const storage of storages()) {
  describe(`SQS messages (${storage})`, () => {
    const f = useSqs(storage);
    const send = (url: string, body: string, extra: Record<string, unknown> = {}) =>
      f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, ...extra }));

    test("send, receive, delete; the digests match AWS's documented values", async () => {
      const url = await createQueue(f.sqs, 'basic');
      const sent = await send(url, 'message-1', {
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
        MessageSystemAttributes: {
          AWSTraceHeader: {
            DataType: 'String',
            StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
          },
        },
      });
      assert.match(sent.MessageId!, /^[0-9a-f-]{36}$/);
      assert.equal(sent.MD5OfMessageBody, md5('message-1'));
      // Recorded from AWS for this attribute (SQS developer guide algorithm).
      assert.equal(sent.MD5OfMessageAttributes, 'adb59cd4678ea5a855436b949cd07ab6');
      assert.match(sent.MD5OfMessageSystemAttributes!, /^[0-9a-f]{32}$/);
      assert.equal(sent.SequenceNumber, undefined);
      const [message] = await receive(f.sqs, url, {
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      });
      assert.equal(message?.Body, 'message-1');
      assert.equal(message?.MessageId, sent.MessageId);
      assert.equal(message?.MD5OfBody, md5('message-1'));
      assert.equal(message?.MD5OfMessageAttributes, 'adb59cd4678ea5a855436b949cd07ab6');
      assert.deepEqual(message?.MessageAttributes, {
        MyAttribute: { DataType: 'String', StringValue: 'foobar' },
      });
      const attrs = message!.Attributes!;
      assert.equal(attrs['ApproximateReceiveCount'], '1');
      assert.equal(attrs['SenderId'], 'test');
      assert.equal(attrs['AWSTraceHeader'], 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1');
      assert.match(attrs['SentTimestamp']!, /^\d{13}$/, 'epoch milliseconds');
      assert.equal(attrs['ApproximateFirstReceiveTimestamp'], attrs['SentTimestamp']);
      await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle }));
      await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle }));
      assert.deepEqual(await receive(f.sqs, url), []);
    });

    test('all attribute types round-trip; receive filters by name and prefix', async () => {
      const url = await createQueue(f.sqs, 'typed');
      const MessageAttributes: Record<string, MessageAttributeValue> = {
        'order.id': { DataType: 'String', StringValue: 'o-1' },
        'order.total': { DataType: 'Number.float', StringValue: '12.50' },
        image: { DataType: 'Binary.png', BinaryValue: new Uint8Array([0, 1, 255]) },
        Foo: { DataType: 'String', StringValue: 'Bar' },
      };
      await send(url, 'typed', { MessageAttributes });
      const all = await receive(f.sqs, url, { MessageAttributeNames: ['.*'], VisibilityTimeout: 0 });
      assert.equal(Object.keys(all[0]!.MessageAttributes!).length, 4);
      assert.deepEqual(all[0]!.MessageAttributes!['image']!.BinaryValue, new Uint8Array([0, 1, 255]));
      const foo = await receive(f.sqs, url, { MessageAttributeNames: ['Foo'], VisibilityTimeout: 0 });
      assert.deepEqual(foo[0]!.MessageAttributes, { Foo: { DataType: 'String', StringValue: 'Bar' } });
      // The digest covers what is returned (value recorded from AWS).
      assert.equal(foo[0]!.MD5OfMessageAttributes, 'ae7155c6026991b6d54b11589678bf9c');
      const prefixed = await receive(f.sqs, url, {
        MessageAttributeNames: ['order.*'],
        VisibilityTimeout: 0,
      });
      assert.deepEqual(Object.keys(prefixed[0]!.MessageAttributes!).sort(), ['order.id', 'order.total']);
      const none = await receive(f.sqs, url, { MessageSystemAttributeNames: ['SenderId'] });
      assert.equal(none[0]!.MessageAttributes, undefined);
      assert.equal(none[0]!.MD5OfMessageAttributes, undefined);
      assert.deepEqual(none[0]!.Attributes, { SenderId: 'test' });
    });

    test('message bodies: required, valid characters only, at most MaximumMessageSize', async () => {
      const url = await createQueue(f.sqs, 'bodies', { MaximumMessageSize: '1024' });
      await rejects(send(url, ''), {
        name: 'MissingParameter',
        message: 'The request must contain the parameter MessageBody.',
      });
      await rejects(send(url, 'bell \u0007'), {
        name: 'InvalidMessageContents',
        message: /^Invalid binary character '#x7' was found in the message body/,
      });
      await rejects(send(url, 'lone \ud800 surrogate'), { name: 'InvalidMessageContents' });
      await send(url, 'tab\t newline\n emoji 😀 \ufffd');
      await send(url, 'a'.repeat(1024));
      await rejects(send(url, 'a'.repeat(1025)), {
        name: 'InvalidParameterValue',
        message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
      });
      // Attribute names, types and values count toward the size.
      await rejects(
        send(url, 'a'.repeat(1000), {
          MessageAttributes: { n: { DataType: 'String', StringValue: 'x'.repeat(20) } },
        }),
        {
          name: 'InvalidParameterValue',
        },
      );
    });

    test('message attribute rules', async () => {
      const url = await createQueue(f.sqs, 'attribute-rules');
      const attempt = (MessageAttributes: Record<string, MessageAttributeValue>) =>
        send(url, 'x', { MessageAttributes });
      await rejects(attempt({ ErrorDetails: { DataType: 'String', StringValue: '' } }), {
        name: 'InvalidParameterValue',
        message: "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
      });
      await rejects(attempt({ 'AWS.x': { DataType: 'String', StringValue: 'v' } }), {
        name: 'InvalidParameterValue',
        message: /reserved for internal use/,
      });
      await rejects(attempt({ n: { DataType: 'Number', StringValue: 'twelve' } }), {
        name: 'InvalidParameterValue',
        message: "Can't cast the value of message (user) attribute 'n' to a number.",
      });
      await rejects(attempt({ t: { DataType: 'Text', StringValue: 'v' } }), {
        name: 'InvalidParameterValue',
        message: /^The type of message \(user\) attribute 't' is invalid/,
      });
      await rejects(attempt({ '.dot': { DataType: 'String', StringValue: 'v' } }), {
        name: 'InvalidParameterValue',
      });
      const eleven = Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
      );
      await rejects(attempt(eleven), {
        name: 'InvalidParameterValue',
        message: 'Number of message attributes [11] exceeds the allowed maximum [10].',
      });
      await rejects(
        send(url, 'x', { MessageSystemAttributes: { Other: { DataType: 'String', StringValue: 'v' } } }),
        {
          name: 'InvalidParameterValue',
          message: "Message system attribute name 'Other' is invalid.",
        },
      );
    });

    test('DelaySeconds: per message and per queue, 0 to 900', async () => {
      const url = await createQueue(f.sqs, 'delays', { DelaySeconds: '10' });
      await send(url, 'queue delay');
      await send(url, 'own delay', { DelaySeconds: 0 });
      assert.deepEqual(
        (await receive(f.sqs, url)).map((m) => m.Body),
        ['own delay'],
      );
      await f.nubis.advanceClock(10_000);
      assert.deepEqual(
        (await receive(f.sqs, url)).map((m) => m.Body),
        ['queue delay'],
      );
      await rejects(send(url, 'x', { DelaySeconds: 901 }), {
        name: 'InvalidParameterValue',
        message:
          'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.',
      });
    });

    test('visibility timeout: hidden while in flight, back with a new receipt handle', async () => {
      const url = await createQueue(f.sqs, 'visibility', { VisibilityTimeout: '30' });
      await send(url, 'again and again');
      const [first] = await receive(f.sqs, url, { MessageSystemAttributeNames: ['ApproximateReceiveCount'] });
      assert.deepEqual(await receive(f.sqs, url), []);
      await f.nubis.advanceClock(29_999);
      assert.deepEqual(await receive(f.sqs, url), []);
      await f.nubis.advanceClock(1);
      const [second] = await receive(f.sqs, url, {
        MessageSystemAttributeNames: ['All'],
        VisibilityTimeout: 5,
      });
      assert.equal(second?.Attributes?.['ApproximateReceiveCount'], '2');
      assert.notEqual(second?.ReceiptHandle, first?.ReceiptHandle);
      assert.equal(
        second?.Attributes?.['ApproximateFirstReceiveTimestamp'],
        String(Number(second?.Attributes?.['SentTimestamp'])),
      );
      await f.nubis.advanceClock(5_000);
      assert.equal((await receive(f.sqs, url)).length, 1, 'the per-receive timeout applied');
      await rejects(receive(f.sqs, url, { VisibilityTimeout: 43_201 }), {
        name: 'InvalidParameterValue',
        message:
          'Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.',
      });
      await rejects(receive(f.sqs, url, { MaxNumberOfMessages: 11 }), {
        name: 'InvalidParameterValue',
        message:
          'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
      });
    });

    test('ChangeMessageVisibility: extend, release, and its errors', async () => {
      const url = await createQueue(f.sqs, 'change-visibility');
      await send(url, 'held');
      const [message] = await receive(f.sqs, url);
      const change = (ReceiptHandle: string | undefined, VisibilityTimeout: number) =>
        f.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle, VisibilityTimeout }));
      await change(message!.ReceiptHandle, 3_600);
      await f.nubis.advanceClock(600_000);
      assert.deepEqual(await receive(f.sqs, url), []);
      await rejects(change(message!.ReceiptHandle, 43_200), {
        name: 'InvalidParameterValue',
        message:
          'Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
      });
      await rejects(change('garbage', 10), {
        name: 'ReceiptHandleIsInvalid',
        status: 404,
        message: 'The input receipt handle "garbage" is not a valid receipt handle.',
      });
      await change(message!.ReceiptHandle, 0);
      const [again] = await receive(f.sqs, url);
      assert.equal(again?.Body, 'held');
      await rejects(change(message!.ReceiptHandle, 10), { name: 'MessageNotInflight', status: 400 });
      await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle }));
      await rejects(change(again!.ReceiptHandle, 10), {
        name: 'InvalidParameterValue',
        message: `Value ${again!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
      });
    });

    test('receipt handles: malformed ones and those of other queues are invalid', async () => {
      const url = await createQueue(f.sqs, 'handles');
      const otherUrl = await createQueue(f.sqs, 'handles-other');
      await send(otherUrl, 'elsewhere');
      const [foreign] = await receive(f.sqs, otherUrl);
      await rejects(
        f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: foreign!.ReceiptHandle })),
        {
          name: 'ReceiptHandleIsInvalid',
        },
      );
      await rejects(f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })), {
        name: 'ReceiptHandleIsInvalid',
        message: 'The input receipt handle "garbage" is not a valid receipt handle.',
      });
    });

    test('a stale receipt handle does not delete the message received again since', async () => {
      const url = await createQueue(f.sqs, 'stale', { VisibilityTimeout: '10' });
      await send(url, 'keep me');
      const [first] = await receive(f.sqs, url);
      await f.nubis.advanceClock(10_000);
      const [second] = await receive(f.sqs, url);
      await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle }));
      const counts = await attributes(f.sqs, url, 'ApproximateNumberOfMessagesNotVisible');
      assert.equal(counts['ApproximateNumberOfMessagesNotVisible'], '1');
      await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second!.ReceiptHandle }));
      assert.equal(
        (await attributes(f.sqs, url, 'ApproximateNumberOfMessagesNotVisible'))[
          'ApproximateNumberOfMessagesNotVisible'
        ],
        '0',
      );
    });

    test('messages past MessageRetentionPeriod are never returned', async () => {
      const url = await createQueue(f.sqs, 'retention', { MessageRetentionPeriod: '60' });
      await send(url, 'short-lived');
      await f.nubis.advanceClock(30_000);
      await send(url, 'younger');
      await f.nubis.advanceClock(30_000);
      assert.deepEqual(
        (await receive(f.sqs, url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ['younger'],
      );
      await f.nubis.advanceClock(60_000);
      assert.equal(
        (await attributes(f.sqs, url, 'ApproximateNumberOfMessagesNotVisible'))[
          'ApproximateNumberOfMessagesNotVisible'
        ],
        '0',
      );
    });
  });
}
