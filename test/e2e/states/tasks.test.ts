// Task states through Nubis's own services, on both storages: Lambda (lambda:invoke and a bare
// function ARN), DynamoDB items, SQS sendMessage and the generic aws-sdk integration; results,
// Lambda.* and DynamoDB.* errors as AWS names them, Retry and Catch of a function's error; a
// Task's Credentials call as another account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { createFunction, zipOf } from '../lambda/support.js';
import { ended } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:doubler`;

const CODE = {
  'index.mjs': `
    export const handler = async (event) => {
      if (event.fail) throw new RangeError('too big: ' + event.n);
      if (event.big) return 'x'.repeat(300 * 1024);
      return { doubled: event.n * 2 };
    };`,
};

for (const storage of storages()) {
  describe(`Step Functions tasks (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let queueUrl: string;

    before(async () => {
      nubis = await startNubis({ storage });
      const config = sdkConfig(nubis.endpoint, ACCOUNT);
      sfn = new SFNClient({ ...config, maxAttempts: 1 });
      const lambda = new LambdaClient(config);
      await createFunction(lambda, 'doubler', { Code: { ZipFile: await zipOf(CODE) } });
      lambda.destroy();
      const dynamodb = new DynamoDBClient(config);
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'things',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      dynamodb.destroy();
      const sqs = new SQSClient(config);
      queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'results' }))).QueueUrl!;
      sqs.destroy();
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    async function run(name: string, definition: object, input: object) {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
      );
      const execution = await ended(sfn, executionArn!);
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return { execution, events: history.events ?? [] };
    }

    test('lambda:invoke answers the payload with the call metadata; a bare function ARN the payload alone', async () => {
      const { execution, events } = await run(
        'invoker',
        {
          StartAt: 'Invoke',
          States: {
            Invoke: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'doubler', 'Payload.$': '$' },
              ResultSelector: { 'doubled.$': '$.Payload.doubled', 'status.$': '$.StatusCode' },
              ResultPath: '$.invoked',
              Next: 'Bare',
            },
            Bare: {
              Type: 'Task',
              Resource: FUNCTION_ARN,
              InputPath: '$.again',
              ResultPath: '$.bare',
              End: true,
            },
          },
        },
        { n: 21, again: { n: 5 } },
      );
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      assert.deepEqual(JSON.parse(execution.output!), {
        n: 21,
        again: { n: 5 },
        invoked: { doubled: 42, status: 200 },
        bare: { doubled: 10 },
      });
      assert.deepEqual(
        events.map((event) => event.type),
        [
          'ExecutionStarted',
          'TaskStateEntered',
          'TaskScheduled',
          'TaskStarted',
          'TaskSucceeded',
          'TaskStateExited',
          'TaskStateEntered',
          'LambdaFunctionScheduled',
          'LambdaFunctionStarted',
          'LambdaFunctionSucceeded',
          'TaskStateExited',
          'ExecutionSucceeded',
        ],
      );
      const scheduled = events[2]!.taskScheduledEventDetails!;
      assert.equal(scheduled.resourceType, 'lambda');
      assert.equal(scheduled.resource, 'invoke');
      assert.equal(scheduled.region, 'us-east-1');
      assert.deepEqual(JSON.parse(scheduled.parameters!), {
        FunctionName: 'doubler',
        Payload: { n: 21, again: { n: 5 } },
      });
      const succeeded = JSON.parse(events[4]!.taskSucceededEventDetails!.output!);
      assert.equal(succeeded.ExecutedVersion, '$LATEST');
      assert.deepEqual(succeeded.Payload, { doubled: 42 });
      assert.equal(succeeded.SdkHttpMetadata.HttpStatusCode, 200);
      assert.equal(events[7]!.lambdaFunctionScheduledEventDetails!.resource, FUNCTION_ARN);
    });

    test("a function's error is retried, then caught with its errorType; a missing function is Lambda.ResourceNotFoundException", async () => {
      const { execution, events } = await run(
        'catcher',
        {
          StartAt: 'Invoke',
          States: {
            Invoke: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: FUNCTION_ARN, Payload: { fail: true, n: 7 } },
              Retry: [{ ErrorEquals: ['RangeError'], IntervalSeconds: 0, MaxAttempts: 1 }],
              Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failed', Next: 'Missing' }],
              Next: 'Missing',
            },
            Missing: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'nobody' },
              Catch: [
                { ErrorEquals: ['Lambda.ResourceNotFoundException'], ResultPath: '$.missing', Next: 'Done' },
              ],
              End: true,
            },
            Done: { Type: 'Succeed' },
          },
        },
        {},
      );
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      const output = JSON.parse(execution.output!);
      assert.equal(output.failed.Error, 'RangeError');
      assert.deepEqual(
        {
          type: JSON.parse(output.failed.Cause).errorType,
          message: JSON.parse(output.failed.Cause).errorMessage,
        },
        { type: 'RangeError', message: 'too big: 7' },
      );
      assert.equal(output.missing.Error, 'Lambda.ResourceNotFoundException');
      assert.match(
        output.missing.Cause,
        /\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
      );
      assert.equal(events.filter((event) => event.type === 'TaskFailed').length, 3);
    });

    test('a result over 256 KiB fails the execution with States.DataLimitExceeded, which States.ALL does not catch', async () => {
      const { execution } = await run(
        'big',
        {
          StartAt: 'Big',
          States: {
            Big: {
              Type: 'Task',
              Resource: FUNCTION_ARN,
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
              End: true,
            },
            Caught: { Type: 'Succeed' },
          },
        },
        { big: true },
      );
      assert.equal(execution.status, 'FAILED');
      assert.equal(execution.error, 'States.DataLimitExceeded');
      assert.equal(
        execution.cause,
        `The state/task '${FUNCTION_ARN}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
    });

    test('DynamoDB items and SQS messages; aws-sdk calls answer the output alone', async () => {
      const { execution } = await run(
        'storer',
        {
          StartAt: 'Put',
          States: {
            Put: {
              Type: 'Task',
              Resource: 'arn:aws:states:::dynamodb:putItem',
              Parameters: { TableName: 'things', Item: { id: { S: 'a' }, 'size.$': '$.size' } },
              ResultPath: null,
              Next: 'Get',
            },
            Get: {
              Type: 'Task',
              Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
              Parameters: { TableName: 'things', Key: { id: { S: 'a' } } },
              ResultPath: '$.got',
              Next: 'Send',
            },
            Send: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sqs:sendMessage',
              Parameters: { QueueUrl: queueUrl, 'MessageBody.$': '$.got.Item' },
              ResultSelector: { 'id.$': '$.MessageId', 'status.$': '$.SdkHttpMetadata.HttpStatusCode' },
              ResultPath: '$.sent',
              Next: 'Missing',
            },
            Missing: {
              Type: 'Task',
              Resource: 'arn:aws:states:::dynamodb:getItem',
              Parameters: { TableName: 'nothing', Key: { id: { S: 'a' } } },
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
              End: true,
            },
            Done: { Type: 'Pass', End: true },
          },
        },
        { size: { N: '3' } },
      );
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      const output = JSON.parse(execution.output!);
      assert.deepEqual(output.got, { Item: { id: { S: 'a' }, size: { N: '3' } } });
      assert.equal(output.sent.status, 200);
      assert.equal(output.error.Error, 'DynamoDB.ResourceNotFoundException');
      const sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
      sqs.destroy();
      assert.equal(Messages?.[0]?.MessageId, output.sent.id);
      assert.deepEqual(JSON.parse(Messages![0]!.Body!), { id: { S: 'a' }, size: { N: '3' } });
    });

    test("a Task's Credentials call as the role's account", async () => {
      const other = '111111111111';
      const sqs = new SQSClient(sdkConfig(nubis.endpoint, other));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'elsewhere' }));
      const roleArn = `arn:aws:iam::${other}:role/sender`;
      const { execution, events } = await run(
        'across',
        {
          StartAt: 'Send',
          States: {
            Send: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sqs:sendMessage',
              Credentials: { 'RoleArn.$': '$.role' },
              Parameters: { QueueUrl, MessageBody: 'across accounts' },
              End: true,
            },
          },
        },
        { role: roleArn },
      );
      assert.equal(execution.status, 'SUCCEEDED');
      const scheduled = events.find((event) => event.type === 'TaskScheduled')!;
      assert.deepEqual(scheduled.taskScheduledEventDetails!.taskCredentials, { roleArn });
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      assert.deepEqual(
        Messages.map((message) => message.Body),
        ['across accounts'],
      );
      sqs.destroy();
    });

    test('a JSONata Task takes Arguments and makes its Output of $states.result', async () => {
      const { execution } = await run(
        'jsonata',
        {
          QueryLanguage: 'JSONata',
          StartAt: 'Invoke',
          States: {
            Invoke: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { FunctionName: 'doubler', Payload: { n: '{% $states.input.n + 1 %}' } },
              Output: '{% $states.result.Payload.doubled %}',
              End: true,
            },
          },
        },
        { n: 4 },
      );
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      assert.equal(execution.output, '10');
    });
  });
}
