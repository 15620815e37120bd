// Task states: the interpreter names the work (its resource and arguments) and records it as AWS
// does; the host does it (the service's integrations). A service integration's resource is
// `arn:aws:states:::<service>:<action>` (the generic `aws-sdk:<service>:<action>` too), recorded as
// TaskScheduled, TaskStarted, then TaskSucceeded or TaskFailed (or TaskTimedOut); a bare Lambda
// function ARN is the older form, recorded as LambdaFunction* events with the payload alone as
// its result (AWS docs, "Integrating services with Step Functions").
import { StatesError } from './errors.js';
import { payloadDetails } from './history.js';
import type { Run } from './interpreter.js';

export type IntegrationPattern = 'request' | 'sync' | 'sync:2' | 'token';

export interface TaskRequest {
  /** `lambda`, `dynamodb`, `sqs`, `aws-sdk:dynamodb`…; `lambda-function` for a bare function ARN. */
  resourceType: string;
  /** The action (`invoke`, `putItem`…), or the function ARN. */
  resource: string;
  pattern: IntegrationPattern;
  parameters: unknown;
  region: string;
  timeoutSeconds?: number;
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
): Pick<TaskRequest, 'resourceType' | 'resource' | 'pattern' | 'region'> | undefined {
  const service = SERVICE_RESOURCE.exec(resource);
  if (service) {
    const pattern =
      service[4] === 'waitForTaskToken' ? 'token' : ((service[4] ?? 'request') as IntegrationPattern);
    return {
      resourceType: service[1] ? `aws-sdk:${service[2]}` : service[2]!,
      resource: service[3]!,
      pattern,
      region,
    };
  }
  const lambda = FUNCTION_ARN.exec(resource);
  if (lambda) return { resourceType: 'lambda-function', resource, pattern: 'request', region: lambda[1]! };
  return undefined;
}

/** Runs the task through the host and records it; answers its result or throws its StatesError. */
export async function runTask(run: Run, request: TaskRequest): Promise<unknown> {
  const perform = run.host.task;
  if (!perform) throw new StatesError('States.Runtime', 'This execution cannot run Task states');
  const legacy = request.resourceType === 'lambda-function';
  const named = { resourceType: request.resourceType, resource: request.resource };
  if (legacy)
    run.history.add('LambdaFunctionScheduled', () => ({
      lambdaFunctionScheduledEventDetails: {
        resource: request.resource,
        ...payloadDetails('input', request.parameters),
        ...(request.timeoutSeconds !== undefined && { timeoutInSeconds: request.timeoutSeconds }),
      },
    }));
  else
    run.history.add('TaskScheduled', () => ({
      taskScheduledEventDetails: {
        ...named,
        region: request.region,
        parameters: JSON.stringify(request.parameters),
        ...(request.timeoutSeconds !== undefined && { timeoutInSeconds: request.timeoutSeconds }),
      },
    }));
  if (legacy) run.history.add('LambdaFunctionStarted');
  else run.history.add('TaskStarted', { taskStartedEventDetails: named });
  let result: unknown;
  try {
    result = await withTimeout(run, perform(request), request.timeoutSeconds);
  } catch (thrown) {
    throw recordFailure(run, thrown, legacy, named);
  }
  // The size is checked on the text the history records, made once.
  const output = { output: sizedText(request, result), outputDetails: { truncated: false } };
  if (legacy) run.history.add('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: output });
  else run.history.add('TaskSucceeded', { taskSucceededEventDetails: { ...named, ...output } });
  return result;
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

/** The request of a Task state of `run` whose arguments and timeout are evaluated already. */
export function requestOf(
  run: Run,
  resource: unknown,
  parameters: unknown,
  timeoutSeconds: number | undefined,
): TaskRequest {
  const region = run.info.executionArn.split(':')[3] ?? 'us-east-1';
  const named = parseResource(String(resource), region);
  if (!named) throw new StatesError('States.Runtime', `The resource '${String(resource)}' is not supported`);
  return { ...named, parameters, ...(timeoutSeconds !== undefined && { timeoutSeconds }) };
}
