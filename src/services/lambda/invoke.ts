// Invoke: RequestResponse runs the function in a warm or new execution environment and answers
// with its result; Event is accepted durably (a job) and run later with Lambda's retries; DryRun
// only checks that the caller may invoke. Logs go to CloudWatch Logs as on Lambda.
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { ExecutionEnvironment, InvokeOutcome } from '../../runtimes/environment.js';
import { invokedFunctionRow, type FunctionVersionRow } from './change.js';
import type { Admission } from './concurrency-gate.js';
import { environmentSpec, poolKeyOf } from './environment-spec.js';
import { validationError } from './errors.js';
import { ANY_NAME } from './functions.js';
import { publishInvocationMetrics, publishProvisionedMetrics } from './invocation-metrics.js';
import { invocationLog, logEvents, logGroupName, tail } from './invocation-logs.js';
import { parseFunctionName, qualifiedArn, resolveQualifier } from './names.js';
import { environmentPool, telemetry } from './runtime-host.js';
import { scheduleAsyncInvoke } from './async-invoke.js';
import { admitInvocation } from './admission.js';

/** Lambda's payload quotas: 6 MB synchronous, 1 MB asynchronous (InvokeFunction is the API's name). */
const MAX_SYNC_PAYLOAD_BYTES = 6_291_456;
const MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;
const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'];

interface InvokeInput {
  FunctionName?: string;
  Qualifier?: string;
  InvocationType?: string;
  LogType?: string;
  ClientContext?: string;
  Payload?: Buffer;
}

interface InvokeOutput {
  StatusCode: number;
  FunctionError?: string;
  LogResult?: string;
  Payload?: Buffer;
  ExecutedVersion?: string;
}

function checkPayload(payload: Buffer, limit: number): void {
  if (payload.length > limit) {
    throw new AwsError(
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      {
        status: 413,
      },
    );
  }
  if (payload.length === 0) return;
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new AwsError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
      {
        status: 400,
      },
    );
  }
}

export const Invoke: OperationHandler<InvokeInput, InvokeOutput> = async (ctx, input) => {
  const type = input.InvocationType ?? 'RequestResponse';
  if (!INVOCATION_TYPES.includes(type)) {
    throw validationError(
      type,
      'invocationType',
      `Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`,
    );
  }
  const ref = resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
  const row = await invokedFunctionRow(ctx, ref);
  const payload = input.Payload ?? Buffer.alloc(0);
  checkPayload(payload, type === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES);
  if (type === 'DryRun') return { StatusCode: 204 };
  if (type === 'Event') {
    // The qualifier goes with the event: an alias routes when the event runs.
    await scheduleAsyncInvoke(ctx, { name: row.name, qualifier: row.qualifier, payload });
    return { StatusCode: 202 };
  }
  const { outcome, log } = await runFunction(ctx, row, payload, input.ClientContext);
  const failed = outcome.result.kind === 'error';
  return {
    StatusCode: 200,
    FunctionError: failed ? 'Unhandled' : undefined,
    LogResult: input.LogType === 'Tail' ? tail(log) : undefined,
    Payload: outcome.result.payload,
    ExecutedVersion: row.version,
  };
};

/** The deprecated InvokeAsync: an Event invocation of the unqualified function, answered 202. */
export const InvokeAsync: OperationHandler<
  { FunctionName?: string; InvokeArgs?: Buffer },
  { Status: number }
> = async (ctx, input) => {
  await Invoke(ctx, { FunctionName: input.FunctionName, InvocationType: 'Event', Payload: input.InvokeArgs });
  return { Status: 202 };
};

/**
 * Runs one invocation of the version in `row` to its end, if the concurrency limits let it start
 * (else 429); shared by RequestResponse and the asynchronous path. An idle provisioned environment
 * of the version serves it first; when all are busy (or there are none) an on-demand one does, the
 * spillover (as on Lambda). The function sees the qualifier it was invoked by in its ARN.
 */
export async function runFunction(
  ctx: RequestContext,
  row: FunctionVersionRow,
  payload: Buffer,
  clientContext?: string,
): Promise<{ outcome: InvokeOutcome; log: string[] }> {
  const functionKey = { accountId: row.account_id, region: row.region, name: row.name };
  const pool = environmentPool();
  const poolKey = poolKeyOf(row);
  const provisioned = pool.claimProvisioned(poolKey);
  let admission: Admission;
  try {
    admission = await admitInvocation(ctx, functionKey, provisioned !== undefined);
  } catch (error) {
    if (provisioned) pool.release(poolKey, provisioned);
    throw error;
  }
  try {
    return await runAdmitted(ctx, row, {
      payload,
      clientContext,
      concurrent: admission.concurrent,
      provisioned,
    });
  } finally {
    admission.leave();
  }
}

interface Admitted {
  payload: Buffer;
  clientContext: string | undefined;
  /** Invocations of the function in flight, this one included. */
  concurrent: number;
  /** The provisioned environment claimed for it, if one was idle. */
  provisioned: ExecutionEnvironment | undefined;
}

async function runAdmitted(
  ctx: RequestContext,
  row: FunctionVersionRow,
  invocation: Admitted,
): Promise<{ outcome: InvokeOutcome; log: string[] }> {
  const key = { accountId: row.account_id, region: row.region, name: row.name };
  const pool = environmentPool();
  const poolKey = poolKeyOf(row);
  const provisioning = pool.provisionedUse(poolKey);
  const environment =
    invocation.provisioned ??
    (await pool.acquire(poolKey, () => environmentSpec(ctx, row, 'on-demand'))).environment;
  // The invocation's request id is the Invoke request's (an asynchronous one's, carried on).
  const requestId = ctx.requestId;
  try {
    const outcome = await environment.invoke({
      requestId,
      payload: invocation.payload,
      invokedFunctionArn: qualifiedArn(key, row.qualifier),
      clientContext: invocation.clientContext,
    });
    const log = invocationLog(requestId, row.version, row.memory_size, outcome);
    telemetry().log(
      ctx,
      { group: logGroupName(row.name), stream: environment.logStream ?? '' },
      logEvents(log, ctx.clock.now()),
    );
    publishInvocationMetrics(ctx, row.name, outcome, invocation.concurrent);
    if (provisioning.total > 0) {
      publishProvisionedMetrics(ctx, {
        functionName: row.name,
        resource: `${row.name}:${row.qualifier ?? row.version}`,
        onProvisioned: invocation.provisioned !== undefined,
        ...provisioning,
      });
    }
    return { outcome, log };
  } finally {
    pool.release(poolKey, environment);
  }
}
