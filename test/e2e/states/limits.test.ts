// Step Functions' limits through @aws-sdk/client-sfn on both storages: StartExecution's modelled
// constraints come before the machine is looked up (recorded wording), a state's output over
// 256 KiB fails the execution with States.DataLimitExceeded, and a Standard execution's history
// ends at 25,000 events with ExecutionFailed as the last one (States.Runtime).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejects } from '../sqs/support.js';
import { ended } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const MISSING = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:missing`;

/** Doubles `$.text` into one string: twice the input's size. */
const DOUBLE = {
  StartAt: 'Double',
  States: {
    Double: { Type: 'Pass', Parameters: { 'text.$': "States.Format('{}{}', $.text, $.text)" }, End: true },
  },
};

/**
 * A Map over more items than a history holds: each iteration records four events, and the states
 * inside a Map are saved with it, so the limit is reached in a few saves on either storage.
 */
const TOO_MANY = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } },
      End: true,
    },
  },
};

for (const storage of storages()) {
  describe(`Step Functions limits (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let machines = 0;

    before(async () => {
      nubis = await startNubis({ storage });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1, disableHostPrefix: true });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    async function createMachine(definition: object, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `limits-${++machines}`,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
          type,
        }),
      );
      return stateMachineArn!;
    }

    test('a name too long and an input too large are ValidationException before the machine is looked up', async () => {
      const long = 'a'.repeat(81);
      await rejects(sfn.send(new StartExecutionCommand({ stateMachineArn: MISSING, name: long })), {
        name: 'ValidationException',
        message: `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
      });
      const large = JSON.stringify('a'.repeat(262_143));
      const tooLarge = {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
      };
      await rejects(
        sfn.send(new StartExecutionCommand({ stateMachineArn: MISSING, input: large })),
        tooLarge,
      );
      await rejects(
        sfn.send(new StartSyncExecutionCommand({ stateMachineArn: MISSING, input: large })),
        tooLarge,
      );
      // The other checks come after: a bad name of a machine that is not there is StateMachineDoesNotExist.
      await rejects(
        sfn.send(new StartExecutionCommand({ stateMachineArn: MISSING, name: 'a b', input: '{' })),
        {
          name: 'StateMachineDoesNotExist',
        },
      );
    });

    test('a state whose output passes 256 KiB fails the execution with States.DataLimitExceeded', async () => {
      const input = JSON.stringify({ text: 'x'.repeat(200_000) });
      const standard = await createMachine(DOUBLE);
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: standard, input }),
      );
      const described = await ended(sfn, executionArn!);
      assert.equal(described.status, 'FAILED');
      assert.equal(described.error, 'States.DataLimitExceeded');
      assert.equal(
        described.cause,
        "The state/task 'Double' returned a result with a size exceeding the maximum number of bytes service limit.",
      );
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      assert.deepEqual(
        events.map((event) => event.type),
        ['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed'],
      );
      const express = await createMachine(DOUBLE, 'EXPRESS');
      const sync = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express, input }));
      assert.equal(sync.status, 'FAILED');
      assert.equal(sync.error, 'States.DataLimitExceeded');
    });

    test('a Standard execution ends at 25,000 events with ExecutionFailed as the last', async () => {
      const machine = await createMachine(TOO_MANY);
      const input = JSON.stringify({ items: Array.from({ length: 7_000 }, (_, index) => index) });
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input }));
      const described = await ended(sfn, executionArn!);
      assert.equal(described.status, 'FAILED');
      assert.equal(described.error, 'States.Runtime');
      assert.equal(described.cause, 'The execution reached the maximum number of history events (25000).');
      const { events = [] } = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
      );
      assert.deepEqual(
        events.map((event) => [event.id, event.type, event.previousEventId]),
        [
          [25_000, 'ExecutionFailed', 24_999],
          [24_999, 'MapIterationSucceeded', 24_998],
        ],
      );
      assert.deepEqual(events[0]!.executionFailedEventDetails, {
        error: 'States.Runtime',
        cause: 'The execution reached the maximum number of history events (25000).',
      });
    });
  });
}
