import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { advanceUntil, createQueue, receive, rejects, useSqs } from './support.js';

for (const storage of storages()) {
  describe(`SQS long polling (${storage})`, () => {
    const f = useSqs(storage);
    const poll = (url: string, WaitTimeSeconds?: number) =>
      f.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds, MaxNumberOfMessages: 10 }));

    test('a waiting receive returns as soon as a message is sent (no time passes)', async () => {
      const url = await createQueue(f.sqs, 'wake-on-send');
      const polling = poll(url, 20);
      await receive(f.sqs, url); // a round trip: the poll is most likely waiting by now
      await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
      const { Messages } = await polling;
      assert.deepEqual(
        Messages?.map((m) => m.Body),
        ['wake up'],
      );
    });

    test('a waiting receive returns when a delayed message becomes visible', async () => {
      const url = await createQueue(f.sqs, 'wake-on-delay');
      await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 8 }));
      const { value, advancedMs } = await advanceUntil(f.nubis, poll(url, 20));
      assert.deepEqual(
        value.Messages?.map((m) => m.Body),
        ['later'],
      );
      assert.ok(
        advancedMs >= 8_000 && advancedMs < 20_000,
        `returned after ${advancedMs} ms, not at the wait time`,
      );
    });

    test('a waiting receive returns when an in-flight message times out or is released', async () => {
      const url = await createQueue(f.sqs, 'wake-on-visibility', { VisibilityTimeout: '5' });
      await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
      const [held] = await receive(f.sqs, url);
      // This receive holds the message for 10 minutes: advanceUntil may step the clock a few more
      // seconds before the answer arrives, which must not let the message turn visible again.
      const timedOut = await advanceUntil(
        f.nubis,
        f.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, VisibilityTimeout: 600 })),
      );
      assert.equal(timedOut.value.Messages?.[0]?.Body, 'again');
      assert.ok(timedOut.advancedMs < 20_000);
      const handle = timedOut.value.Messages![0]!.ReceiptHandle;
      const polling = poll(url, 20);
      await receive(f.sqs, url);
      await f.sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }),
      );
      assert.equal((await polling).Messages?.[0]?.Body, 'again');
      assert.notEqual(held?.ReceiptHandle, handle);
    });

    test('an empty queue answers after the wait time, with no messages', async () => {
      const url = await createQueue(f.sqs, 'wait-out');
      const { value, advancedMs } = await advanceUntil(f.nubis, poll(url, 3));
      assert.equal(value.Messages, undefined);
      assert.ok(advancedMs >= 3_000, `answered after ${advancedMs} ms`);
    });

    test('ReceiveMessageWaitTimeSeconds is the default wait', async () => {
      const url = await createQueue(f.sqs, 'queue-wait', { ReceiveMessageWaitTimeSeconds: '2' });
      const { value, advancedMs } = await advanceUntil(f.nubis, poll(url));
      assert.equal(value.Messages, undefined);
      assert.ok(advancedMs >= 2_000);
      const quick = await advanceUntil(f.nubis, poll(url, 0));
      assert.equal(quick.value.Messages, undefined);
    });

    test('WaitTimeSeconds must be 0 to 20', async () => {
      const url = await createQueue(f.sqs, 'wait-range');
      await rejects(poll(url, 21), {
        name: 'InvalidParameterValue',
        message:
          'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
      });
    });

    test('several waiting receives share the messages, none twice', async () => {
      const url = await createQueue(f.sqs, 'shared-wait');
      const polls = [poll(url, 20), poll(url, 20), poll(url, 20)];
      await receive(f.sqs, url);
      for (const body of ['a', 'b', 'c']) {
        await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
      }
      const settled = await advanceUntil(f.nubis, Promise.all(polls), 1_000, 30);
      const bodies = settled.value.flatMap((result) => result.Messages?.map((m) => m.Body) ?? []);
      assert.deepEqual(bodies.sort(), ['a', 'b', 'c']);
    });
  });
}
