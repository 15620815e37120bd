// GetExecutionHistory answers the event details AWS added with variables and JSONata (November
// 2024), which the vendored model predates: a state's assigned variables on its StateExited event,
// and the EvaluationFailed event's state, field and error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ended } from './support.js';

const ROLE = 'arn:aws:iam::000000000000:role/states';

const DEFINITION = {
  StartAt: 'Remember',
  States: {
    Remember: { Type: 'Pass', Assign: { 'seen.$': '$.word', count: 2 }, Next: 'Nothing' },
    Nothing: { Type: 'Pass', Assign: {}, Next: 'Broken' },
    Broken: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $doesNotExist %}', End: true },
  },
};

for (const storage of storages()) {
  describe(`execution history details (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    before(async () => {
      nubis = await startNubis({ storage });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint), maxAttempts: 1 });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    test('assigned variables and a failed evaluation are in the history', async () => {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'details',
          definition: JSON.stringify(DEFINITION),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ word: 'hello' }) }),
      );
      assert.equal((await ended(sfn, executionArn!)).status, 'FAILED');
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      // The first state's entry follows no event, as AWS records it; the next follows its predecessor.
      assert.deepEqual(
        events.slice(0, 4).map((event) => [event.type, event.previousEventId]),
        [
          ['ExecutionStarted', 0],
          ['PassStateEntered', 0],
          ['PassStateExited', 2],
          ['PassStateEntered', 3],
        ],
      );
      const exits = events.filter((event) => event.type === 'PassStateExited');
      assert.deepEqual(exits[0]?.stateExitedEventDetails?.assignedVariables, { seen: '"hello"', count: '2' });
      assert.deepEqual(exits[0]?.stateExitedEventDetails?.assignedVariablesDetails, { truncated: false });
      // An empty Assign sets nothing, and AWS records no variables for it (recorded).
      assert.equal(exits[1]?.stateExitedEventDetails?.assignedVariables, undefined);
      const failed = events.find((event) => event.type === 'EvaluationFailed');
      assert.deepEqual(failed?.evaluationFailedEventDetails, {
        error: 'States.QueryEvaluationError',
        cause:
          "An error occurred while executing the state 'Broken' (entered at the event id #6). " +
          "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
        location: 'Output',
        state: 'Broken',
      });
    });
  });
}
