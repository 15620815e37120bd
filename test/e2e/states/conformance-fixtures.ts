// What a recording with integrations needs before it can run on Nubis, made from the recording
// itself: the queue, table or function its input names by a placeholder (created under a name of
// this replay, the placeholder put back when comparing), a function that answers the payload the
// history recorded, and, for `.waitForTaskToken`, a worker that reads the token from the queue and
// answers it as the recorded test did (the task's recorded success output, failure or nothing).
import { setTimeout as delay } from 'node:timers/promises';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { zipOf } from '../lambda/support.js';
import type { RecordedCase } from '../../support/stepfunctions-cases.js';
import { RECORDED_ACCOUNT, type Substitutions } from './conformance-replay.js';

export interface ServiceClients {
  sfn: SFNClient;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  lambda: LambdaClient;
}

export interface Fixture {
  input: unknown;
  substitutions: Substitutions;
  /** Plays the part of the recorded test's worker once the execution has started. */
  answer(): Promise<void>;
}

type Recorded = Record<string, unknown>;

/** The recorded event of `type`'s details, the first one. */
function detailsOf(recorded: RecordedCase, type: string): Recorded | undefined {
  const event = recorded.events.find((candidate) => candidate['type'] === type);
  if (!event) return undefined;
  const key = Object.keys(event).find((name) => name.endsWith('EventDetails'));
  return key === undefined ? undefined : (event[key] as Recorded);
}

/** A table name the recording replaced by a placeholder, unless it was a name AWS refused (`/<test-table>`). */
const VALID_TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;

export async function fixtureFor(
  clients: ServiceClients,
  recorded: RecordedCase,
  name: string,
): Promise<Fixture> {
  const substitutions: Substitutions = [];
  const given = recorded.input;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    return { input: given, substitutions, answer: async () => {} };
  const input = { ...(given as Recorded) };
  let queueUrl: string | undefined;
  if (typeof input['QueueUrl'] === 'string') {
    ({ QueueUrl: queueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name })));
    substitutions.push([queueUrl!, input['QueueUrl']]);
    input['QueueUrl'] = queueUrl;
  }
  if (typeof input['TableName'] === 'string') {
    const placeholder = input['TableName'];
    const table = placeholder.replace(/<[^<>]*>|table-name/, name);
    if (VALID_TABLE_NAME.test(table)) await createTable(clients.dynamodb, table, input['Key'] as Recorded);
    substitutions.push([table, placeholder]);
    input['TableName'] = table;
  }
  if (typeof input['FunctionName'] === 'string') {
    const functionArn = await createAnsweringFunction(clients.lambda, name, recorded);
    substitutions.push([functionArn, input['FunctionName']]);
    input['FunctionName'] = functionArn;
  }
  const waits = JSON.stringify(recorded.definition).includes('.waitForTaskToken');
  const answer = async () => {
    if (waits && queueUrl) await answerToken(clients, recorded, queueUrl, substitutions);
  };
  return { input, substitutions, answer };
}

/** The table the recording's Key describes: its attributes, of the types they have there. */
async function createTable(dynamodb: DynamoDBClient, table: string, key: Recorded): Promise<void> {
  const attributes = Object.entries(key).map(([attribute, value]) => ({
    name: attribute,
    type: Object.keys(value as Recorded)[0] as 'S' | 'N' | 'B',
  }));
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: attributes.map(({ name }, index) => ({
        AttributeName: name,
        KeyType: index === 0 ? 'HASH' : 'RANGE',
      })),
      AttributeDefinitions: attributes.map(({ name, type }) => ({
        AttributeName: name,
        AttributeType: type,
      })),
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/** A function that answers the payload the recording's lambda task returned. */
async function createAnsweringFunction(
  lambda: LambdaClient,
  name: string,
  recorded: RecordedCase,
): Promise<string> {
  const result = detailsOf(recorded, 'TaskSucceeded')?.['output'] as Recorded | undefined;
  const code = `export const handler = async () => (${JSON.stringify(result?.['Payload'] ?? null)});`;
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: `arn:aws:iam::${RECORDED_ACCOUNT}:role/lambda`,
      Code: { ZipFile: await zipOf({ 'index.mjs': code }) },
    }),
  );
  return created.FunctionArn!;
}

const RECEIVE_ATTEMPTS = 400;

/** Reads the task's message and answers its token with the recorded result; a recording that timed out is not answered. */
async function answerToken(
  clients: ServiceClients,
  recorded: RecordedCase,
  queueUrl: string,
  substitutions: Substitutions,
): Promise<void> {
  const body = await firstMessage(clients.sqs, queueUrl);
  const taskToken = (JSON.parse(body) as { TaskToken?: string }).TaskToken;
  const parameters = detailsOf(recorded, 'TaskScheduled')?.['parameters'] as Recorded | undefined;
  const tokenPlaceholder = (parameters?.['MessageBody'] as Recorded | undefined)?.['TaskToken'];
  if (taskToken === undefined) return;
  if (typeof tokenPlaceholder === 'string') substitutions.push([taskToken, tokenPlaceholder]);
  const succeeded = detailsOf(recorded, 'TaskSucceeded');
  const failed = detailsOf(recorded, 'TaskFailed');
  if (succeeded) {
    const output = JSON.stringify(succeeded['output']).split(String(tokenPlaceholder)).join(taskToken);
    await clients.sfn.send(new SendTaskSuccessCommand({ taskToken, output }));
  } else if (failed) {
    const { error, cause } = failed as { error?: string; cause?: string };
    await clients.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  }
}

async function firstMessage(sqs: SQSClient, queueUrl: string): Promise<string> {
  for (let attempt = 0; attempt < RECEIVE_ATTEMPTS; attempt++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    if (Messages[0]?.Body !== undefined) return Messages[0].Body;
    await delay(5);
  }
  throw new Error(`no message reached ${queueUrl}`);
}
