// Task states: the interpreter names the work (its resource and arguments) and records it as AWS
// does; the host does it (the service's integrations). A service integration's resource is
// `arn:aws:states:::<service>:<action>` (the generic `aws-sdk:<service>:<action>` too), recorded as
// TaskScheduled, TaskStarted, then TaskSucceeded or TaskFailed (or TaskTimedOut); a bare Lambda
// function ARN is the older form, recorded as LambdaFunction* events with the payload alone as
// its result (AWS docs, "Integrating services with Step Functions"). With `.waitForTaskToken` the
// call hands on a task token (`$$.Task.Token`), is recorded as TaskSubmitted, and the task then
// waits for SendTaskSuccess or SendTaskFailure with that token, or for its time to run out
// (TimeoutSeconds, HeartbeatSeconds) (AWS docs, "Wait for a Callback with Task Token"). With
// `.sync` the call starts a job the task then waits for (job.ts). An activity's ARN is the third
// form: its task waits for a worker as a callback does (activity.ts).
import { awaitActivity, isActivity, runActivity, type ActivityProgress } from './activity.js';
import { awaitJob, awaitSubmittedJob, isJob, type JobPattern } from './job.js';
import { StatesError } from './errors.js';
import { payloadDetails } from './history.js';
import { saveCallback, takeResumedCallback, type Run } from './interpreter.js';
import type { Scope } from './paths.js';

export type IntegrationPattern = 'request' | 'sync' | 'sync:2' | 'token';

export interface TaskRequest {
  /** `lambda`, `dynamodb`, `sqs`, `aws-sdk:dynamodb`…; `lambda-function` for a bare function ARN. */
  resourceType: string;
  /** As the history names it: the action with its pattern (`sendMessage.waitForTaskToken`), or the function ARN. */
  resource: string;
  /** What is called: the action (`invoke`, `putItem`…), or the function ARN. */
  action: string;
  pattern: IntegrationPattern;
  parameters: unknown;
  region: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** The callback pattern's task token, handed on in the parameters through `$$.Task.Token`. */
  token?: string;
  /** The Task state's name (a mocked test case answers by it); TestState's task has none. */
  state?: string;
  /** The role of the state's Credentials: the task calls as that role's account. */
  roleArn?: string;
}

/**
 * A mocked response of Step Functions Local's mock configuration: the task's result, or its
 * failure with that error and cause, in place of the call (AWS docs, "Using mocked service
 * integrations").
 */
export type MockedAnswer = { Return: unknown } | { Throw: { Error: string; Cause?: string } };

/** What a Task state's fields evaluate to, in either query language. */
export interface TaskFields {
  parameters: unknown;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** Credentials' RoleArn: the role the task calls with (AWS docs, "Task state", Credentials). */
  roleArn?: string;
}

/** A callback task's wait: saved with the execution, so that a resumed run goes on waiting. */
export interface CallbackWait {
  /** What is waited for: the task token, or a `.sync` task's job id (the child execution's ARN). */
  token: string;
  resourceType: string;
  resource: string;
  /** When the task was scheduled: TimeoutSeconds and the first heartbeat count from here. */
  since: number;
  timeoutAt?: number;
  heartbeatSeconds?: number;
  /** An activity task's: whether a worker took it (ActivityStarted is recorded). */
  activity?: { started: boolean };
  /** A `.sync` task's: its pattern, which shapes the job's answer. */
  job?: { pattern: JobPattern };
}

export type CallbackAnswer =
  | { status: 'SUCCEEDED'; output: unknown }
  | { status: 'FAILED'; error?: string; cause?: string }
  | { status: 'TIMED_OUT'; error: 'States.Timeout' | 'States.HeartbeatTimeout' };

/** The host's side of task tokens (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat). */
export interface Callbacks {
  /** A new task token of this execution. */
  issue(): string;
  /** Makes the token answerable; done before the work is submitted, so that a prompt answer finds it. */
  open(token: string): Promise<void>;
  /** The token's answer, or its time running out. */
  answer(wait: CallbackWait): Promise<CallbackAnswer>;
  /** Queues an activity task under its token; false when there is no such activity. */
  queue(task: { token: string; activityArn: string; input: string }): Promise<boolean>;
  /** An activity task's next step: a worker taking it (once), then its answer or its timeout. */
  activityProgress(wait: CallbackWait): Promise<ActivityProgress>;
}

/** A task's own failure: the error and cause Retry and Catch see (`Lambda.ResourceNotFoundException`…). */
export class TaskFailure extends Error {
  constructor(
    readonly error: string,
    readonly taskCause?: string,
  ) {
    super(taskCause ?? error);
  }
}

const SERVICE_RESOURCE =
  /^arn:aws[\w-]*:states:::(aws-sdk:)?([\w-]+):(\w+)(?:\.(sync(?::2)?|waitForTaskToken))?$/;
const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([\w-]+):\d{12}:function:[\w-]+(?::[\w$-]+)?$/;

/** What a Task state's Resource names; undefined when it is neither form (an activity, or invalid). */
export function parseResource(
  resource: string,
  region: string,
): Pick<TaskRequest, 'resourceType' | 'resource' | 'action' | 'pattern' | 'region'> | undefined {
  const service = SERVICE_RESOURCE.exec(resource);
  if (service) {
    const pattern =
      service[4] === 'waitForTaskToken' ? 'token' : ((service[4] ?? 'request') as IntegrationPattern);
    return {
      resourceType: service[1] ? `aws-sdk:${service[2]}` : service[2]!,
      resource: service[4] ? `${service[3]!}.${service[4]}` : service[3]!,
      action: service[3]!,
      pattern,
      region,
    };
  }
  const lambda = FUNCTION_ARN.exec(resource);
  if (lambda)
    return {
      resourceType: 'lambda-function',
      resource,
      action: resource,
      pattern: 'request',
      region: lambda[1]!,
    };
  return undefined;
}

/**
 * A Task state's result. With `.waitForTaskToken` a token is issued first and given to the fields
 * in the context object (`$$.Task.Token`); a run resumed while waiting for its callback goes on
 * waiting for it.
 */
export async function taskResult(
  run: Run,
  resource: unknown,
  scope: Scope,
  fields: (scope: Scope) => Promise<TaskFields> | TaskFields,
): Promise<{ result: unknown; scope: Scope }> {
  const resumed = takeResumedCallback(run);
  if (resumed?.job) return { result: await awaitJob(run, resumed), scope };
  if (resumed?.activity) return { result: await awaitActivity(run, resumed), scope };
  if (isActivity(resource)) return { result: await runActivity(run, resource, await fields(scope)), scope };
  const token = resumed?.token ?? (isCallback(resource) ? callbacksOf(run).issue() : undefined);
  const taskScope = token === undefined ? scope : withToken(scope, token);
  if (resumed) return { result: await awaitCallback(run, resumed), scope: taskScope };
  const request = { ...requestOf(run, resource, await fields(taskScope), token), state: stateName(scope) };
  return { result: await runTask(run, request), scope: taskScope };
}

/**
 * The state's name, as its context object gives it (`$$.State.Name`); TestState's context may be
 * the caller's, without one.
 */
const stateName = (scope: Scope) => (scope.context as { State?: { Name?: string } }).State?.Name;

const isCallback = (resource: unknown) => String(resource).endsWith('.waitForTaskToken');

function withToken(scope: Scope, token: string): Scope {
  const context = scope.context as Record<string, unknown>;
  return { ...scope, context: { ...context, Task: { Token: token } } };
}

export function callbacksOf(run: Run): Callbacks {
  const callbacks = run.host.callbacks;
  if (!callbacks) throw new StatesError('States.Runtime', 'This execution cannot wait for task tokens');
  return callbacks;
}

/**
 * Runs the task through the host and records it; answers its result or throws its StatesError. A
 * mocked task is recorded as the call would be, but never calls anything: not even a callback
 * task waits for its token, which is issued all the same (AWS docs, "Configuring mocked service
 * integrations").
 */
export async function runTask(run: Run, request: TaskRequest): Promise<unknown> {
  const mocked = await run.host.mockedTask?.(request);
  const perform = run.host.task;
  if (!mocked && !perform) throw new StatesError('States.Runtime', 'This execution cannot run Task states');
  const legacy = request.resourceType === 'lambda-function';
  const named = { resourceType: request.resourceType, resource: request.resource };
  const since = run.host.now();
  recordStart(run, request, legacy, named);
  let result: unknown;
  try {
    result = mocked ? mockedResult(mocked) : await performed(run, request, perform!);
  } catch (thrown) {
    throw recordFailure(run, thrown, legacy, named);
  }
  // The size is checked on the text the history records, made once.
  const output = { output: sizedText(request, result), outputDetails: { truncated: false } };
  if (request.token !== undefined && !mocked) {
    run.history.add('TaskSubmitted', { taskSubmittedEventDetails: { ...named, ...output } });
    const wait: CallbackWait = {
      token: request.token,
      ...named,
      since,
      ...(request.timeoutSeconds !== undefined && { timeoutAt: since + request.timeoutSeconds * 1000 }),
      ...(request.heartbeatSeconds !== undefined && { heartbeatSeconds: request.heartbeatSeconds }),
    };
    await saveCallback(run, wait);
    return awaitCallback(run, wait);
  }
  // A mocked `.sync` task's answer is the job's end already (Step Functions Local's mocks).
  if (isJob(request) && !mocked) {
    run.history.add('TaskSubmitted', { taskSubmittedEventDetails: { ...named, ...output } });
    return awaitSubmittedJob(run, request, result, since);
  }
  if (legacy) run.history.add('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: output });
  else run.history.add('TaskSucceeded', { taskSucceededEventDetails: { ...named, ...output } });
  return result;
}

/** The host's call, within TimeoutSeconds; a callback task's token is answerable before it. */
async function performed(
  run: Run,
  request: TaskRequest,
  perform: (request: TaskRequest) => Promise<unknown>,
): Promise<unknown> {
  if (request.token !== undefined) await callbacksOf(run).open(request.token);
  return withTimeout(run, perform(request), request.timeoutSeconds);
}

/** A Throw fails the task as the service's error would: Retry and Catch see its Error. */
function mockedResult(answer: MockedAnswer): unknown {
  if ('Throw' in answer) throw new TaskFailure(answer.Throw.Error, answer.Throw.Cause);
  return answer.Return;
}

function recordStart(
  run: Run,
  request: TaskRequest,
  legacy: boolean,
  named: { resourceType: string; resource: string },
): void {
  const limits = {
    ...(request.timeoutSeconds !== undefined && { timeoutInSeconds: request.timeoutSeconds }),
    ...(request.heartbeatSeconds !== undefined && { heartbeatInSeconds: request.heartbeatSeconds }),
  };
  if (legacy)
    run.history.add('LambdaFunctionScheduled', () => ({
      lambdaFunctionScheduledEventDetails: {
        resource: request.resource,
        ...payloadDetails('input', request.parameters),
        ...limits,
      },
    }));
  else
    run.history.add('TaskScheduled', () => ({
      taskScheduledEventDetails: {
        ...named,
        region: request.region,
        parameters: JSON.stringify(request.parameters),
        ...limits,
        ...(request.roleArn !== undefined && { taskCredentials: { roleArn: request.roleArn } }),
      },
    }));
  if (legacy) run.history.add('LambdaFunctionStarted');
  else run.history.add('TaskStarted', { taskStartedEventDetails: named });
}

async function awaitCallback(run: Run, wait: CallbackWait): Promise<unknown> {
  return recordAnswer(run, wait, await callbacksOf(run).answer(wait));
}

/**
 * A callback's answer (SendTaskSuccess's output, SendTaskFailure's error, or a timeout) or a
 * job's end, recorded; answers the output or throws the failure.
 */
export function recordAnswer(run: Run, wait: CallbackWait, answer: CallbackAnswer): unknown {
  const named = { resourceType: wait.resourceType, resource: wait.resource };
  if (answer.status === 'SUCCEEDED') {
    const output = { output: JSON.stringify(answer.output), outputDetails: { truncated: false } };
    run.history.add('TaskSucceeded', { taskSucceededEventDetails: { ...named, ...output } });
    return answer.output;
  }
  const failure = answer.status === 'FAILED' ? answer : { error: answer.error, cause: undefined };
  const details = {
    ...named,
    ...(failure.error !== undefined && { error: failure.error }),
    ...(failure.cause !== undefined && { cause: failure.cause }),
  };
  if (answer.status === 'FAILED') {
    run.history.add('TaskFailed', { taskFailedEventDetails: details });
    throw new CallbackFailure(answer.error, answer.cause);
  }
  run.history.add('TaskTimedOut', { taskTimedOutEventDetails: details });
  throw new StatesError(answer.error);
}

/**
 * SendTaskFailure's error and cause, both optional: one not given is null in a Catch's output
 * (recorded against AWS), and matches only the wildcards.
 */
export class CallbackFailure extends StatesError {
  constructor(
    readonly named: string | undefined,
    cause: string | undefined,
  ) {
    super(named ?? '', cause);
  }
}

/** A task, state or execution carries at most 256 KiB of UTF-8 JSON (AWS Step Functions quotas). */
export const MAX_PAYLOAD_BYTES = 262_144;
export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/** The result as JSON text, unless it is over the limit. */
function sizedText(request: TaskRequest, result: unknown): string {
  const text = JSON.stringify(result) ?? 'null';
  if (Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES) return text;
  const resource =
    request.resourceType === 'lambda-function'
      ? request.resource
      : `arn:aws:states:::${request.resourceType}:${request.resource}`;
  throw new StatesError(
    DATA_LIMIT_EXCEEDED,
    `The state/task '${resource}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  );
}

class TimedOut extends Error {}

/** States.Timeout when the task outlasts TimeoutSeconds (measured on the execution's clock). */
async function withTimeout(run: Run, work: Promise<unknown>, seconds: number | undefined): Promise<unknown> {
  if (seconds === undefined) return work;
  const done = new AbortController();
  const timer = run.host.sleep(seconds * 1000, done.signal).then(() => {
    throw new TimedOut();
  });
  try {
    return await Promise.race([work, timer]);
  } finally {
    done.abort();
    timer.catch(() => undefined);
  }
}

function recordFailure(
  run: Run,
  thrown: unknown,
  legacy: boolean,
  named: { resourceType: string; resource: string },
): unknown {
  const failure =
    thrown instanceof TimedOut
      ? { error: 'States.Timeout', cause: undefined, type: 'TimedOut' }
      : thrown instanceof TaskFailure
        ? { error: thrown.error, cause: thrown.taskCause, type: 'Failed' }
        : undefined;
  if (!failure) return thrown;
  const details = { error: failure.error, ...(failure.cause !== undefined && { cause: failure.cause }) };
  if (legacy) {
    const type = `LambdaFunction${failure.type}`;
    run.history.add(type, { [`lambdaFunction${failure.type}EventDetails`]: details });
  } else {
    run.history.add(`Task${failure.type}`, { [`task${failure.type}EventDetails`]: { ...named, ...details } });
  }
  return new StatesError(failure.error, failure.cause);
}

/** The request of a Task state of `run` whose fields are evaluated already. */
export function requestOf(run: Run, resource: unknown, fields: TaskFields, token?: string): TaskRequest {
  const region = run.info.executionArn.split(':')[3] ?? 'us-east-1';
  const named = parseResource(String(resource), region);
  if (!named) throw new StatesError('States.Runtime', `The resource '${String(resource)}' is not supported`);
  return {
    ...named,
    parameters: fields.parameters,
    ...(fields.timeoutSeconds !== undefined && { timeoutSeconds: fields.timeoutSeconds }),
    ...(fields.heartbeatSeconds !== undefined && { heartbeatSeconds: fields.heartbeatSeconds }),
    ...(fields.roleArn !== undefined && { roleArn: fields.roleArn }),
    ...(token !== undefined && { token }),
  };
}

/**
 * A Task state's Credentials, evaluated: its RoleArn must be a string (AWS fails the state with
 * States.Runtime otherwise).
 */
export function roleArnOf(credentials: unknown): string | undefined {
  if (credentials === undefined) return undefined;
  const roleArn = (credentials as { RoleArn?: unknown } | null)?.RoleArn;
  if (typeof roleArn !== 'string')
    throw new StatesError(
      'States.Runtime',
      `The Credentials field's RoleArn must be a string, not ${JSON.stringify(roleArn)}`,
    );
  return roleArn;
}
