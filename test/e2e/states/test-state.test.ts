// TestState on both storages: one state run once, its status, output, next state and, at DEBUG,
// the data after each step of its processing; Task states calling Lambda and SQS for real, their
// errors answered RETRIABLE or CAUGHT_ERROR by Retry and Catch; Choice, Wait, Succeed, Fail and
// JSONata states; and the errors of a bad definition, input or request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SFNClient, TestStateCommand, type TestStateCommandOutput } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';
import { createFunction, zipOf } from '../lambda/support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;

const CODE = {
  'index.mjs': `
    export const handler = async (event) => {
      if (event.fail) throw new RangeError('too big: ' + event.n);
      return { doubled: event.n * 2 };
    };`,
};

const INVOKE = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'doubler', 'Payload.$': '$' },
};

/** The answer without the SDK's metadata and its absent members. */
const plain = ({ $metadata: _metadata, ...answer }: TestStateCommandOutput) =>
  JSON.parse(JSON.stringify(answer)) as Record<string, unknown>;

for (const storage of storages()) {
  describe(`Step Functions TestState (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let sqs: SQSClient;
    let queueUrl: string;

    before(async () => {
      nubis = await startNubis({ storage });
      const config = sdkConfig(nubis.endpoint, ACCOUNT);
      // TestState's endpoint has the host prefix `sync-`, which a local endpoint cannot take.
      sfn = new SFNClient({ ...config, maxAttempts: 1, disableHostPrefix: true });
      const lambda = new LambdaClient(config);
      await createFunction(lambda, 'doubler', { Code: { ZipFile: await zipOf(CODE) } });
      lambda.destroy();
      sqs = new SQSClient(config);
      queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'tested' }))).QueueUrl!;
    });
    after(async () => {
      sfn.destroy();
      sqs.destroy();
      await nubis.stop();
    });

    const testState = async (
      definition: object,
      input?: object,
      inspectionLevel?: 'INFO' | 'DEBUG' | 'TRACE',
    ) =>
      plain(
        await sfn.send(
          new TestStateCommand({
            definition: JSON.stringify(definition),
            roleArn: ROLE,
            ...(input !== undefined && { input: JSON.stringify(input) }),
            ...(inspectionLevel !== undefined && { inspectionLevel }),
          }),
        ),
      );

    const PASS = {
      Type: 'Pass',
      InputPath: '$.payload',
      Parameters: { 'data.$': '$.foo', fixed: 1 },
      ResultPath: '$.result',
      OutputPath: '$.result',
      Next: 'After',
    };
    const PASS_INPUT = { payload: { foo: 'bar' }, other: true };

    test('a Pass state answers its output and next state; INFO has no inspection data', async () => {
      assert.deepEqual(await testState(PASS, PASS_INPUT), {
        status: 'SUCCEEDED',
        output: '{"data":"bar","fixed":1}',
        nextState: 'After',
      });
    });

    test('DEBUG shows the data after InputPath, Parameters, the result and ResultPath', async () => {
      const answer = await testState(PASS, PASS_INPUT, 'DEBUG');
      assert.deepEqual(answer, {
        status: 'SUCCEEDED',
        output: '{"data":"bar","fixed":1}',
        nextState: 'After',
        inspectionData: {
          input: '{"payload":{"foo":"bar"},"other":true}',
          afterInputPath: '{"foo":"bar"}',
          afterParameters: '{"data":"bar","fixed":1}',
          result: '{"data":"bar","fixed":1}',
          afterResultPath: '{"payload":{"foo":"bar"},"other":true,"result":{"data":"bar","fixed":1}}',
        },
      });
      // TRACE adds only an HTTP Task's request and response.
      assert.deepEqual(await testState(PASS, PASS_INPUT, 'TRACE'), answer);
    });

    test('the input defaults to {}; a state at its end names no next state', async () => {
      const answer = await testState({ Type: 'Pass', Result: { done: true }, ResultPath: '$.r', End: true });
      assert.deepEqual(answer, { status: 'SUCCEEDED', output: '{"r":{"done":true}}' });
    });

    test('a JSONata Pass state evaluates its Output and Assign', async () => {
      const definition = {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Assign: { total: '{% $states.input.a + $states.input.b %}' },
        Output: '{% {"sum": $states.input.a + $states.input.b} %}',
        Next: 'Later',
      };
      assert.deepEqual(await testState(definition, { a: 1, b: 2 }, 'DEBUG'), {
        status: 'SUCCEEDED',
        output: '{"sum":3}',
        nextState: 'Later',
        inspectionData: { input: '{"a":1,"b":2}', variables: '{"total":3}' },
      });
      const broken = await testState(
        { ...definition, Assign: { total: '{% $states.input.a.b.c() %}' } },
        { a: 1 },
      );
      assert.equal(broken['status'], 'FAILED');
      assert.equal(broken['error'], 'States.QueryEvaluationError');
      assert.equal(broken['output'], undefined);
    });

    test('a Choice state answers the next state its rules choose, or its Default', async () => {
      const choice = {
        Type: 'Choice',
        InputPath: '$.numbers',
        Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }],
        Default: 'Small',
      };
      assert.deepEqual(await testState(choice, { numbers: { n: 42 } }, 'DEBUG'), {
        status: 'SUCCEEDED',
        output: '{"n":42}',
        nextState: 'Big',
        inspectionData: { input: '{"numbers":{"n":42}}', afterInputPath: '{"n":42}' },
      });
      assert.equal((await testState(choice, { numbers: { n: 1 } }))['nextState'], 'Small');
      const { Default: _none, ...noDefault } = choice;
      assert.deepEqual(await testState(noDefault, { numbers: { n: 1 } }), {
        status: 'FAILED',
        error: 'States.NoChoiceMatched',
        cause: 'No Choice Rule matched and no Default is specified',
      });
    });

    test('a Fail state fails with its error and cause; a Succeed state succeeds with no next state', async () => {
      assert.deepEqual(await testState({ Type: 'Fail', Error: 'Custom.Broken', Cause: 'it broke' }), {
        status: 'FAILED',
        error: 'Custom.Broken',
        cause: 'it broke',
      });
      assert.deepEqual(await testState({ Type: 'Succeed', OutputPath: '$.kept' }, { kept: 1, dropped: 2 }), {
        status: 'SUCCEEDED',
        output: '1',
      });
    });

    test('a Wait state answers at once, without waiting its time', async () => {
      const began = Date.now();
      const answer = await testState({ Type: 'Wait', Seconds: 3600, Next: 'Later' }, { x: 1 });
      assert.deepEqual(answer, { status: 'SUCCEEDED', output: '{"x":1}', nextState: 'Later' });
      assert.ok(Date.now() - began < 10_000);
      const badPath = await testState({ Type: 'Wait', SecondsPath: '$.s', Next: 'Later' }, { s: 'soon' });
      assert.equal(badPath['status'], 'FAILED');
      assert.equal(badPath['error'], 'States.Runtime');
    });

    test('a Task state calls Lambda for real; DEBUG shows the result and ResultSelector', async () => {
      const definition = {
        ...INVOKE,
        ResultSelector: { 'doubled.$': '$.Payload.doubled' },
        ResultPath: '$.out',
        Next: 'Done',
      };
      const answer = await testState(definition, { n: 21 }, 'DEBUG');
      assert.equal(answer['status'], 'SUCCEEDED');
      assert.equal(answer['output'], '{"n":21,"out":{"doubled":42}}');
      assert.equal(answer['nextState'], 'Done');
      const data = answer['inspectionData'] as Record<string, string>;
      assert.deepEqual(Object.keys(data), [
        'input',
        'afterInputPath',
        'afterParameters',
        'result',
        'afterResultSelector',
        'afterResultPath',
      ]);
      assert.equal(data['afterParameters'], '{"FunctionName":"doubler","Payload":{"n":21}}');
      const result = JSON.parse(data['result']!) as Record<string, unknown>;
      assert.deepEqual(result['Payload'], { doubled: 42 });
      assert.equal(result['StatusCode'], 200);
      assert.equal(data['afterResultSelector'], '{"doubled":42}');
      assert.equal(data['afterResultPath'], answer['output']);
    });

    test('a Task state sends an SQS message for real', async () => {
      const definition = {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: queueUrl, 'MessageBody.$': '$.message' },
        ResultSelector: { 'id.$': '$.MessageId' },
        End: true,
      };
      const answer = await testState(definition, { message: 'hello from TestState' });
      assert.equal(answer['status'], 'SUCCEEDED');
      const { id } = JSON.parse(answer['output'] as string) as { id: string };
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
      assert.deepEqual(
        Messages.map((message) => [message.MessageId, message.Body]),
        [[id, 'hello from TestState']],
      );
    });

    const FAILING = { ...INVOKE, End: true };
    const CATCH = [{ ErrorEquals: ['States.ALL'], Next: 'Handle', ResultPath: '$.error' }];

    test('an error a retrier takes answers RETRIABLE, without retrying', async () => {
      const definition = {
        ...FAILING,
        Retry: [{ ErrorEquals: ['RangeError'], MaxAttempts: 2 }],
        Catch: CATCH,
      };
      const answer = await testState(definition, { fail: true, n: 5 });
      assert.equal(answer['status'], 'RETRIABLE');
      assert.equal(answer['error'], 'RangeError');
      assert.match(answer['cause'] as string, /too big: 5/);
      assert.equal(answer['output'], undefined);
      assert.equal(answer['nextState'], undefined);
    });

    test('an error no retrier takes, but a catcher does, answers CAUGHT_ERROR with the Catch Next', async () => {
      const definition = {
        ...FAILING,
        Retry: [{ ErrorEquals: ['RangeError'], MaxAttempts: 0 }],
        Catch: CATCH,
      };
      const answer = await testState(definition, { fail: true, n: 5 });
      assert.equal(answer['status'], 'CAUGHT_ERROR');
      assert.equal(answer['error'], 'RangeError');
      assert.equal(answer['nextState'], 'Handle');
      const output = JSON.parse(answer['output'] as string) as Record<string, any>;
      assert.deepEqual(Object.keys(output), ['fail', 'n', 'error']);
      assert.equal(output['error'].Error, 'RangeError');
      assert.equal(output['error'].Cause, answer['cause']);
      const uncaught = await testState(FAILING, { fail: true, n: 5 });
      assert.equal(uncaught['status'], 'FAILED');
      assert.equal(uncaught['error'], 'RangeError');
    });

    test('a JSONata Task state calls its integration; DEBUG shows the result', async () => {
      const definition = {
        Type: 'Task',
        QueryLanguage: 'JSONata',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'doubler', Payload: '{% $states.input %}' },
        Output: '{% $states.result.Payload %}',
        End: true,
      };
      const answer = await testState(definition, { n: 4 }, 'DEBUG');
      assert.equal(answer['output'], '{"doubled":8}');
      const data = answer['inspectionData'] as Record<string, string>;
      assert.deepEqual(JSON.parse(data['result']!).Payload, { doubled: 8 });
    });

    test('an HTTP Task fails with States.Runtime, as Nubis calls no HTTPS endpoints', async () => {
      const definition = {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: 'https://example.com', Method: 'GET' },
        End: true,
      };
      const answer = await testState(definition, {}, 'TRACE');
      assert.equal(answer['status'], 'FAILED');
      assert.equal(answer['error'], 'States.Runtime');
      assert.equal(answer['cause'], "The resource 'arn:aws:states:::http:invoke' is not supported by Nubis");
      assert.deepEqual(Object.keys(answer['inspectionData'] as object), [
        'input',
        'afterInputPath',
        'afterParameters',
      ]);
    });

    /** TestState with the members of 2024–2025 (the SDK sends them; the vendored model lacked them). */
    const testWith = async (fields: Record<string, unknown>) =>
      plain(
        await sfn.send(new TestStateCommand({ roleArn: ROLE, inspectionLevel: 'DEBUG', ...fields } as never)),
      );

    test('variables are read by a JSONata state and a JSONPath $var path; DEBUG shows them after Assign', async () => {
      const jsonata = {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Assign: { doubled: '{% $limit * 2 %}' },
        Output: '{% {"limit": $limit, "n": $states.input.n} %}',
        End: true,
      };
      const answer = await testWith({
        definition: JSON.stringify(jsonata),
        input: '{"n":1}',
        variables: '{"limit":5}',
      });
      assert.equal(answer['output'], '{"limit":5,"n":1}');
      assert.equal(
        (answer['inspectionData'] as Record<string, string>)['variables'],
        '{"limit":5,"doubled":10}',
      );
      const jsonPath = { Type: 'Pass', Parameters: { 'limit.$': '$limit' }, End: true };
      const read = await testWith({ definition: JSON.stringify(jsonPath), variables: '{"limit":[1,2]}' });
      assert.equal(read['output'], '{"limit":[1,2]}');
    });

    const MACHINE = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Result: 'first', Next: 'Second' },
        Second: { Type: 'Pass', Parameters: { 'state.$': '$$.State.Name' }, Next: 'Third' },
        Third: { Type: 'Succeed' },
      },
    };

    test('stateName tests one state of a whole machine, named so in its context', async () => {
      const answer = await testWith({ definition: JSON.stringify(MACHINE), stateName: 'Second' });
      assert.equal(answer['status'], 'SUCCEEDED');
      assert.equal(answer['output'], '{"state":"Second"}');
      assert.equal(answer['nextState'], 'Third');
    });

    test('a mocked result replaces the Task’s call (no role needed); JSONata shows afterArguments', async () => {
      const definition = {
        Type: 'Task',
        QueryLanguage: 'JSONata',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'no-such-function', Payload: '{% $states.input %}' },
        Output: '{% $states.result.Payload %}',
        Next: 'Done',
      };
      const answer = await testWith({
        definition: JSON.stringify(definition),
        roleArn: undefined,
        input: '{"n":2}',
        mock: { result: '{"Payload":{"mocked":true}}' },
      });
      assert.equal(answer['status'], 'SUCCEEDED');
      assert.equal(answer['output'], '{"mocked":true}');
      assert.equal(answer['nextState'], 'Done');
      const data = answer['inspectionData'] as Record<string, string>;
      assert.equal(data['afterArguments'], '{"FunctionName":"no-such-function","Payload":{"n":2}}');
      assert.equal(data['result'], '{"Payload":{"mocked":true}}');
      // A .sync task runs when mocked: the mock is the job's end.
      const sync = { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true };
      const synced = await testWith({
        definition: JSON.stringify(sync),
        mock: { result: '{"Status":"SUCCEEDED"}' },
      });
      assert.equal(synced['output'], '{"Status":"SUCCEEDED"}');
    });

    const RETRIED = {
      ...INVOKE,
      Retry: [
        { ErrorEquals: ['States.Timeout'], MaxAttempts: 1 },
        { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2.0 },
      ],
      Catch: [
        { ErrorEquals: ['States.Timeout'], Next: 'Never' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' },
      ],
      End: true,
    };
    const MOCKED_ERROR = { errorOutput: { error: 'Lambda.ServiceException', cause: 'Service error' } };

    test('a mocked error is retried or caught: errorDetails names the retrier and its backoff, or the catcher', async () => {
      const definition = JSON.stringify(RETRIED);
      const retried = await testWith({
        definition,
        input: '{"data":"value"}',
        mock: MOCKED_ERROR,
        stateConfiguration: { retrierRetryCount: 1 },
      });
      assert.equal(retried['status'], 'RETRIABLE');
      assert.equal(retried['error'], 'Lambda.ServiceException');
      assert.equal(retried['cause'], 'Service error');
      // "The backoff duration is 4 seconds (2 × 2.0^1)" (AWS docs).
      assert.deepEqual((retried['inspectionData'] as Record<string, unknown>)['errorDetails'], {
        retryIndex: 1,
        retryBackoffIntervalSeconds: 4,
      });
      const caught = await testWith({
        definition,
        input: '{"data":"value"}',
        mock: MOCKED_ERROR,
        stateConfiguration: { retrierRetryCount: 3 },
      });
      assert.equal(caught['status'], 'CAUGHT_ERROR');
      assert.equal(caught['nextState'], 'Handle');
      assert.equal(
        caught['output'],
        '{"data":"value","error":{"Error":"Lambda.ServiceException","Cause":"Service error"}}',
      );
      assert.deepEqual((caught['inspectionData'] as Record<string, unknown>)['errorDetails'], {
        catchIndex: 1,
      });
    });

    test('a context object supplied is the state’s $$, as given', async () => {
      const definition = {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'execution.$': '$$.Execution.Id', 'state.$': '$$.State.Name', 'context.$': '$$' },
        ResultPath: null,
        OutputPath: '$',
        End: true,
      };
      const context = {
        Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:M:test-exec', Name: 'test-exec' },
        State: { Name: 'ProcessData', EnteredTime: '2024-01-01T10:00:05.000Z' },
      };
      const answer = await testWith({
        definition: JSON.stringify(definition),
        context: JSON.stringify(context),
        mock: { result: '{}' },
      });
      const parameters = JSON.parse((answer['inspectionData'] as Record<string, string>)['afterParameters']!);
      assert.deepEqual(parameters, {
        execution: context.Execution.Id,
        state: 'ProcessData',
        context,
      });
    });

    test('the new members are refused as AWS refuses them', async () => {
      const task = JSON.stringify({ ...INVOKE, End: true });
      const cases: [Record<string, unknown>, string, RegExp | string][] = [
        [
          { mock: { result: '1' } },
          'ValidationException',
          "State type 'Succeed' is not supported when a mock is specified",
        ],
        [
          { definition: task, mock: { result: '1', errorOutput: { error: 'E' } } },
          'ValidationException',
          'A test mock should have only one of the following fields: [result, errorOutput].',
        ],
        [
          { definition: task, mock: { result: '1' }, revealSecrets: true },
          'ValidationException',
          'TestState does not support RevealSecrets when a mock is specified.',
        ],
        [{ variables: '{"a":' }, 'ValidationException', /^Invalid variables provided: /],
        [{ variables: '[1]' }, 'ValidationException', /^Invalid variables provided: /],
        [{ context: '{}' }, 'ValidationException', /may only be specified if a mock is specified/],
        [
          { definition: task, mock: { result: '{}' }, context: '{"Execution":' },
          'ValidationException',
          /^Invalid Context object provided: /,
        ],
        [
          { definition: task, mock: { result: '{}' }, context: '{"Map":{}}' },
          'ValidationException',
          "Invalid Context object provided: 'Map' field is not supported when mocking a Context object",
        ],
        [
          { definition: task, mock: { result: '{}' }, context: '{"Execution":{"Id":1}}' },
          'ValidationException',
          'Invalid Context object provided: Execution.Id must be a string',
        ],
        [
          { definition: task, mock: { result: '{}' }, context: '{"Pokedex":{}}' },
          'ValidationException',
          "Invalid Context object provided: Field 'Pokedex' is not allowed",
        ],
        [
          { definition: JSON.stringify(MACHINE), stateName: 'Fourth' },
          'ValidationException',
          "State 'Fourth' is not in the state machine definition",
        ],
        [
          { definition: '{"Type":"Pass","End":true}', stateName: 'First' },
          'InvalidDefinition',
          /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: /,
        ],
        [
          { roleArn: undefined },
          'ValidationException',
          "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
        ],
        [
          { definition: task, mock: { result: '{}', fieldValidationMode: 'LAX' } },
          'ValidationException',
          "1 validation error detected: Value 'LAX' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]",
        ],
      ];
      for (const [fields, name, message] of cases) {
        const error = await refusal(fields);
        assert.equal(error.name, name, JSON.stringify(fields));
        if (typeof message === 'string') assert.equal(error.message, message);
        else assert.match(error.message, message);
      }
    });

    const refusal = (fields: Record<string, unknown>) =>
      rejection(
        sfn.send(
          new TestStateCommand({ definition: '{"Type":"Succeed"}', roleArn: ROLE, ...fields } as never),
        ),
      );

    test('an invalid state definition answers InvalidDefinition with the diagnostics of CreateStateMachine', async () => {
      const cases: [string, string][] = [
        ['{"Type":"Pass"}', `SCHEMA_VALIDATION_FAILED: The field "Next" or "End" is required at /`],
        [
          '{"Type":"Sleep","End":true}',
          'SCHEMA_VALIDATION_FAILED: The field "Type" should be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map at /Type',
        ],
        ['[1]', 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object at null'],
      ];
      for (const [definition, problem] of cases) {
        const error = await refusal({ definition });
        assert.equal(error.name, 'InvalidDefinition');
        assert.equal(error.message, `Invalid State Machine Definition: '${problem}'`);
      }
      const notJson = await refusal({ definition: '{"Type":' });
      assert.equal(notJson.name, 'InvalidDefinition');
      assert.match(notJson.message, /^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /);
    });

    test('Map, Parallel, activities, .sync and .waitForTaskToken are refused', async () => {
      const unsupported: [object, string][] = [
        [
          { Type: 'Map', ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Succeed' } } }, End: true },
          'Map states',
        ],
        [
          { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Succeed' } } }], End: true },
          'Parallel states',
        ],
        [
          { Type: 'Task', Resource: `arn:aws:states:us-east-1:${ACCOUNT}:activity:work`, End: true },
          'Activity tasks',
        ],
        [
          { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
          'the .waitForTaskToken service integration pattern',
        ],
        [
          { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true },
          'the .sync:2 service integration pattern',
        ],
      ];
      for (const [definition, what] of unsupported) {
        const error = await refusal({ definition: JSON.stringify(definition) });
        assert.equal(error.name, 'InvalidDefinition');
        assert.equal(error.message, `Invalid State Machine Definition: 'TestState does not support ${what}'`);
      }
    });

    test('input that is not JSON answers InvalidExecutionInput', async () => {
      const error = await refusal({ input: '{"a":' });
      assert.equal(error.name, 'InvalidExecutionInput');
      assert.match(error.message, /^Invalid State Machine Execution Input: '/);
    });

    test("the API's constraints answer ValidationException as coral words it; a bad role InvalidArn", async () => {
      const level = await refusal({ inspectionLevel: 'VERBOSE' });
      assert.equal(level.name, 'ValidationException');
      assert.equal(
        level.message,
        "1 validation error detected: Value 'VERBOSE' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]",
      );
      const empty = await refusal({ definition: '', roleArn: 'x'.repeat(257) });
      assert.equal(empty.name, 'ValidationException');
      assert.equal(
        empty.message,
        "2 validation errors detected: Value '*** Sensitive Data Redacted ***' at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          `Value '${'x'.repeat(257)}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 256`,
      );
      const role = await refusal({ roleArn: 'states-role' });
      assert.equal(role.name, 'InvalidArn');
      assert.equal(role.message, "Invalid Arn: 'Invalid ARN prefix: states-role'");
    });
  });
}
