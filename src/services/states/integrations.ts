// The work of Task states, done through the operations of Nubis's own services (as a client would
// call them, in-process). Optimized integrations answer as AWS's do, with the HTTP metadata of the
// call, and name errors `<Service>.<Code>`; `aws-sdk:<service>:<action>` calls any operation Nubis
// implements with the parameters as given and answers its output alone (AWS docs, "Call other AWS
// services", "Handling errors in the AWS SDK service integrations"). `states:startExecution` starts
// a child execution; with `.sync` or `.sync:2` the task then waits for it (nested.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { AwsError } from '../../core/aws-error.js';
import type { ServiceEnvironment } from '../../core/service.js';
import { TaskFailure, type TaskRequest } from '../../asl/task.js';

interface CallScope {
  accountId: string;
  region: string;
}

type Integration = (env: ServiceEnvironment, scope: CallScope, request: TaskRequest) => Promise<unknown>;

/** The performer of an execution's Task states, calling as the execution's account. */
export function taskPerformer(env: ServiceEnvironment, executionArn: string) {
  const accountId = executionArn.split(':')[4] ?? '';
  return async (request: TaskRequest): Promise<unknown> => {
    // A task with Credentials calls as its role's account: across accounts, as AWS assumes the role.
    const roleAccount = request.roleArn && /^arn:aws:iam::(\d{12}):role\//.exec(request.roleArn)?.[1];
    const scope = { accountId: roleAccount || accountId, region: request.region };
    const integration = integrationOf(request);
    if (!integration)
      throw new TaskFailure(
        'States.Runtime',
        `The resource 'arn:aws:states:::${request.resourceType}:${request.resource}' is not supported by Nubis`,
      );
    // The callback pattern's call is the plain request; the wait for its token is the interpreter's,
    // as the wait for a `.sync` task's job is (nested.ts): only starting a child execution runs one.
    const job = request.pattern === 'sync' || request.pattern === 'sync:2';
    if (job && integration !== startExecution)
      throw new TaskFailure(
        'States.Runtime',
        `The integration pattern '${request.pattern}' of arn:aws:states:::${request.resourceType}:${request.action} is not supported by Nubis`,
      );
    return integration(env, scope, request);
  };
}

const DYNAMODB_ACTIONS = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);

function integrationOf(request: TaskRequest): Integration | undefined {
  if (request.resourceType === 'lambda-function') return invokeFunctionArn;
  if (request.resourceType === 'lambda' && request.action === 'invoke') return lambdaInvoke;
  if (request.resourceType === 'sqs' && request.action === 'sendMessage') return sqsSendMessage;
  if (request.resourceType === 'dynamodb' && DYNAMODB_ACTIONS.has(request.action)) return dynamodbItem;
  if (request.resourceType === 'states' && request.action === 'startExecution') return startExecution;
  if (request.resourceType.startsWith('aws-sdk:')) return sdkCall;
  return undefined;
}

/**
 * What an optimized integration adds to the output: the HTTP status and headers of the service's
 * answer as AWS's SDK saw them (names in each service's casing, values as recorded), and its
 * request id. HttpHeaders are listed by name, as the SDK's map lists them.
 */
function httpMetadata(requestId: string, headers: Record<string, string>) {
  const byName = Object.entries(headers).sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(byName.map(([name, value]) => [name, [value]])),
      HttpHeaders: Object.fromEntries(byName),
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

const JSON_1_0 = 'application/x-amz-json-1.0';

/** The headers every service answers with: the body's length and the date. */
function answered(env: ServiceEnvironment, body: string): Record<string, string> {
  return {
    'Content-Length': String(Buffer.byteLength(body)),
    Date: new Date(env.clock.now()).toUTCString(),
  };
}

/** SQS answers `connection` in lower case (recorded). */
const sqsHeaders = (env: ServiceEnvironment, requestId: string, output: unknown) => ({
  connection: 'keep-alive',
  ...answered(env, JSON.stringify(output)),
  'Content-Type': JSON_1_0,
  'x-amzn-RequestId': requestId,
});

/** DynamoDB signs its body with x-amz-crc32 and names its request id in lower case for GetItem (recorded). */
function dynamodbHeaders(env: ServiceEnvironment, requestId: string, output: unknown, action: string) {
  const body = JSON.stringify(output);
  return {
    Connection: 'keep-alive',
    ...answered(env, body),
    'Content-Type': JSON_1_0,
    Server: 'Server',
    'x-amz-crc32': String(crc32(body)),
    [action === 'getItem' ? 'x-amzn-requestid' : 'x-amzn-RequestId']: requestId,
  };
}

function lambdaHeaders(env: ServiceEnvironment, requestId: string, payload: string, version: unknown) {
  const now = env.clock.now();
  return {
    Connection: 'keep-alive',
    ...answered(env, payload),
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': String(version),
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(now / 1000).toString(16)}-${randomBytes(12).toString('hex')};Sampled=0`,
  };
}

async function call(
  env: ServiceEnvironment,
  scope: CallScope,
  target: { service: string; operation: string; input: unknown },

  failure: (error: AwsError, requestId: string) => TaskFailure,
): Promise<{ output: Record<string, unknown>; requestId: string }> {
  const requestId = randomUUID();
  try {
    const input = (target.input ?? {}) as Record<string, unknown>;
    const output = await env.client.call(target.service, target.operation, input, { ...scope, requestId });
    return { output: (output ?? {}) as Record<string, unknown>, requestId };
  } catch (error) {
    // A fault of the service called fails the task as its 500 would, rather than the execution's run.
    const answered =
      error instanceof AwsError
        ? error
        : new AwsError('InternalFailure', (error as Error).message ?? String(error), { status: 500 });
    throw failure(answered, requestId);
  }
}

/**
 * An optimized integration's error: `Lambda.ResourceNotFoundException`, with the SDK's cause.
 * `queryCodes`: the SDK speaks the service's query protocol, so the cause names its code there.
 */
function optimizedFailure(
  prefix: string,
  service: string,
  rename: Record<string, string> = {},
  queryCodes = false,
) {
  return (error: AwsError, requestId: string) => {
    const code = (queryCodes && error.queryCode) || error.code;
    return new TaskFailure(
      `${prefix}.${rename[error.code] ?? error.code}`,
      `${error.message} (Service: ${service}; Status Code: ${error.status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`,
    );
  };
}

/** A missing parameter has no exception of its own in the SDK: AmazonSQSException, code MissingParameter (recorded). */
const sqsFailure = optimizedFailure(
  'SQS',
  'AmazonSQS',
  { MissingRequiredParameterException: 'AmazonSQSException' },
  true,
);

const lambdaFailure = optimizedFailure('Lambda', 'AWSLambda');

function payloadText(payload: unknown): Buffer {
  return Buffer.from(JSON.stringify(payload ?? {}));
}

function parsePayload(payload: unknown): unknown {
  const text =
    Buffer.isBuffer(payload) || payload instanceof Uint8Array ? Buffer.from(payload).toString('utf8') : '';
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A function's own error fails the task with its errorType; the cause is the error payload. */
function functionError(output: Record<string, unknown>): TaskFailure {
  const payload = parsePayload(output['Payload']);
  const type = (payload as { errorType?: unknown } | null)?.errorType;
  const cause = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new TaskFailure(typeof type === 'string' ? type : 'Lambda.Unknown', cause);
}

async function invokeLambda(env: ServiceEnvironment, scope: CallScope, input: Record<string, unknown>) {
  const result = await call(env, scope, { service: 'lambda', operation: 'Invoke', input }, lambdaFailure);
  if (result.output['FunctionError'] !== undefined) throw functionError(result.output);
  return result;
}

const lambdaInvoke: Integration = async (env, scope, request) => {
  const parameters = { ...(request.parameters as Record<string, unknown>) };
  const input = { ...parameters, Payload: payloadText(parameters['Payload']) };
  const { output, requestId } = await invokeLambda(env, scope, input);
  const payload = Buffer.from((output['Payload'] as Uint8Array | undefined) ?? []).toString('utf8');
  return {
    ExecutedVersion: output['ExecutedVersion'],
    Payload: parsePayload(output['Payload']),
    ...httpMetadata(requestId, lambdaHeaders(env, requestId, payload, output['ExecutedVersion'])),
    StatusCode: output['StatusCode'],
  };
};

/** A bare function ARN: the state's input is the payload, and the function's answer the result. */
const invokeFunctionArn: Integration = async (env, scope, request) => {
  const input = { FunctionName: request.action, Payload: payloadText(request.parameters) };
  const { output } = await invokeLambda(env, scope, input);
  return parsePayload(output['Payload']);
};

const sqsSendMessage: Integration = async (env, scope, request) => {
  const parameters = { ...(request.parameters as Record<string, unknown>) };
  // A JSON body is sent as its text (AWS docs, "Send messages to an Amazon SQS queue").
  // A null one is none: SQS refuses the call (MissingParameter), as AWS's integration does (recorded).
  const body = parameters['MessageBody'];
  if (body === null) delete parameters['MessageBody'];
  else if (body !== undefined && typeof body !== 'string') parameters['MessageBody'] = JSON.stringify(body);
  const target = { service: 'sqs', operation: 'SendMessage', input: parameters };
  const { output, requestId } = await call(env, scope, target, sqsFailure);
  return { ...output, ...httpMetadata(requestId, sqsHeaders(env, requestId, output)) };
};

/** DynamoDB's own validation errors are named AmazonDynamoDBException by the integration (recorded). */
const dynamodbFailure = optimizedFailure('DynamoDB', 'AmazonDynamoDBv2', {
  ValidationException: 'AmazonDynamoDBException',
});

const dynamodbItem: Integration = async (env, scope, request) => {
  const target = { service: 'dynamodb', operation: capitalized(request.action), input: request.parameters };
  const { output, requestId } = await call(env, scope, target, dynamodbFailure);
  return { ...output, ...httpMetadata(requestId, dynamodbHeaders(env, requestId, output, request.action)) };
};

/**
 * Step Functions' own StartExecution (AWS docs, "Start a new AWS Step Functions state machine
 * execution from a running execution"): StateMachineArn, Input (JSON given as is, any other value
 * as its JSON text; none is `{}`) and Name. The answer is StartExecution's in PascalCase with the
 * call's metadata, StartDate in epoch milliseconds; refusals are `StepFunctions.<Code>Exception`.
 */
const startExecution: Integration = async (env, scope, request) => {
  const parameters = (request.parameters ?? {}) as Record<string, unknown>;
  const { StateMachineArn: stateMachineArn, Input: input, Name: name } = parameters;
  const target = {
    service: 'states',
    operation: 'StartExecution',
    input: {
      stateMachineArn,
      ...(input !== undefined && { input: typeof input === 'string' ? input : JSON.stringify(input) }),
      ...(name !== undefined && { name }),
    },
  };
  if (typeof stateMachineArn !== 'string' || (name !== undefined && typeof name !== 'string'))
    throw stepFunctionsFailure(startValidation(stateMachineArn, name), randomUUID());
  const { output, requestId } = await call(env, scope, target, stepFunctionsFailure);
  return {
    ExecutionArn: output['executionArn'],
    ...httpMetadata(requestId, { 'Content-Type': JSON_1_0, 'x-amzn-RequestId': requestId }),
    StartDate: (output['startDate'] as Date).getTime(),
  };
};

/** `ExecutionAlreadyExists` fails the task as `StepFunctions.ExecutionAlreadyExistsException`; the cause keeps the code. */
function stepFunctionsFailure(error: AwsError, requestId: string): TaskFailure {
  const name = error.code.endsWith('Exception') ? error.code : `${error.code}Exception`;
  return new TaskFailure(
    `StepFunctions.${name}`,
    `${error.message} (Service: AWSStepFunctions; Status Code: ${error.status}; Error Code: ${error.code}; Request ID: ${requestId}; Proxy: null)`,
  );
}

/** The members StartExecution's model requires, or a type it refuses (as its validation words it). */
function startValidation(stateMachineArn: unknown, name: unknown): AwsError {
  const [member, value, constraint] =
    typeof stateMachineArn !== 'string'
      ? ['stateMachineArn', stateMachineArn, 'Member must not be null']
      : ['name', name, 'Member must be a string'];
  const shown = value === undefined || value === null ? 'null' : `'${JSON.stringify(value)}'`;
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
    { status: 400 },
  );
}

/** aws-sdk service names to Nubis's services, and the names its errors are given under. */
const SDK_SERVICES: Record<string, { service: string; errorPrefix: string }> = {
  dynamodb: { service: 'dynamodb', errorPrefix: 'DynamoDb' },
  sqs: { service: 'sqs', errorPrefix: 'Sqs' },
  lambda: { service: 'lambda', errorPrefix: 'Lambda' },
  sfn: { service: 'states', errorPrefix: 'Sfn' },
  cloudwatchlogs: { service: 'logs', errorPrefix: 'CloudWatchLogs' },
  cloudwatch: { service: 'monitoring', errorPrefix: 'CloudWatch' },
};

const sdkCall: Integration = async (env, scope, request) => {
  const name = request.resourceType.slice('aws-sdk:'.length);
  const known = SDK_SERVICES[name];
  if (!known)
    throw new TaskFailure(
      'States.Runtime',
      `The service '${name}' of arn:aws:states:::aws-sdk:${name}:${request.action} is not provided by Nubis`,
    );
  const target = {
    service: known.service,
    operation: capitalized(request.action),
    input: request.parameters,
  };
  // SDK integrations name an error after the exception class: `DynamoDb.ResourceNotFoundException`.
  const failure = (error: AwsError, requestId: string) =>
    new TaskFailure(
      `${known.errorPrefix}.${error.code.endsWith('Exception') ? error.code : `${error.code}Exception`}`,
      `${error.message} (Service: ${known.errorPrefix}, Status Code: ${error.status}, Request ID: ${requestId})`,
    );
  const { output } = await call(env, scope, target, failure);
  return JSON.parse(JSON.stringify(output, sdkValue)) as unknown;
};

/** Binary values travel as base64 text in the execution's JSON. */
function sdkValue(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer')
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  return value;
}

const capitalized = (action: string) => action.charAt(0).toUpperCase() + action.slice(1);
