// SQS event source mappings outlive their functions, as on Lambda (DeleteFunction: "To delete
// Lambda event source mappings that invoke a function, use DeleteEventSourceMapping"): the messages
// wait in the queue, the mapping reports the problem, and polling resumes once the function exists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { ACCOUNT } from './support.js';
import { useTrigger, VISIBILITY_S } from './sqs-trigger-support.js';

for (const storage of storages()) {
  describe(`Lambda SQS trigger of a deleted function (${storage})`, () => {
    const t = useTrigger(storage);

    test('the mapping stays, the messages wait in the queue, and a re-created function gets them', async () => {
      const { url, uuid } = await t.trigger('orphan', 'index.record');
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'before' }));
      assert.equal((await t.nextEvent('orphan-source')).Records[0].body, 'before');
      await t.eventually(url, { visible: 0, inFlight: 0 });
      await t.eventuallyResult(uuid, 'OK');

      await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'orphan' }));
      await t.eventuallyResult(uuid, 'PROBLEM: Function not found');
      const mapping = await t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.State, 'Enabled');
      assert.equal(mapping.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orphan`);
      const listed = await t.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'orphan' }));
      assert.deepEqual(
        listed.EventSourceMappings?.map((entry) => entry.UUID),
        [uuid],
      );

      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'while gone' }));
      // Many of the poller's pauses pass; it receives nothing meanwhile.
      for (let step = 0; step < 10; step += 1) await t.nubis.advanceClock(30_000);
      assert.deepEqual(await t.counts(url), { visible: 1, inFlight: 0 });

      await t.handler('orphan', 'index.record');
      const { Records } = await t.nextEvent('orphan-source');
      assert.equal(Records[0].body, 'while gone');
      assert.equal(
        Records[0].attributes.ApproximateReceiveCount,
        '1',
        'never received while the function was gone',
      );
      await t.eventually(url, { visible: 0, inFlight: 0 });
      await t.eventuallyResult(uuid, 'OK');
    });

    test('a failing function is a failed call; a mapping of a deleted alias resumes once it is back', async () => {
      const url = await t.queue('aliased-source');
      await t.handler('aliased', 'index.fails');
      await t.lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
      await t.lambda.send(
        new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }),
      );
      const { UUID: uuid } = await t.lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: t.arnOf('aliased-source'),
          FunctionName: 'aliased:live',
        }),
      );
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'fails' }));
      await t.nextEvent('aliased-source');
      await t.eventuallyResult(uuid!, 'PROBLEM: Function call failed');

      // The alias goes while the poller may be waiting on the queue: a batch it receives then
      // cannot be handled and returns to the queue after its visibility timeout; after that the
      // poller finds the alias missing and receives nothing.
      await t.lambda.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'live' }));
      await t.nubis.advanceClock(VISIBILITY_S * 1000);
      await t.eventuallyResult(uuid!, 'PROBLEM: Function not found');
      await t.nubis.advanceClock(VISIBILITY_S * 1000);
      await t.eventually(url, { visible: 1, inFlight: 0 });

      await t.lambda.send(
        new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }),
      );
      await t.nubis.advanceClock(60_000);
      const { Records } = await t.nextEvent('aliased-source');
      assert.equal(Records[0].body, 'fails');
      await t.eventuallyResult(uuid!, 'PROBLEM: Function call failed');
    });
  });
}
