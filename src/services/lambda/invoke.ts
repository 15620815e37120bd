// Invoke: RequestResponse runs the function in a warm or new execution environment and answers
// with its result; Event is accepted durably (a job) and run later with Lambda's retries; DryRun
// only checks that the caller may invoke. Logs go to CloudWatch Logs as on Lambda.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { InvokeOutcome } from '../../runtimes/environment.js';
import { getFunctionRow, type FunctionVersionRow } from './change.js';
import { parseJson } from './configuration.js';
import { codeDirectory } from './code-cache.js';
import { functionLayers } from './function-layers.js';
import { optDirectory } from './opt-directory.js';
import { validationError } from './errors.js';
import { ANY_NAME } from './functions.js';
import { publishInvocationMetrics } from './invocation-metrics.js';
import { invocationLog, logEvents, logGroupName, logStreamName, tail } from './invocation-logs.js';
import { parseFunctionName, qualifiedArn, resolveQualifier } from './names.js';
import { environmentPool, telemetry } from './runtime-host.js';
import { lambdaVariables } from './variables.js';
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
  const row = await getFunctionRow(ctx, ref);
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
 * (else 429); shared by RequestResponse and the asynchronous path. Each version has its own
 * environments (and `$LATEST` new ones after each change, keyed by RevisionId); the function sees
 * the qualifier it was invoked by in its ARN.
 */
export async function runFunction(
  ctx: RequestContext,
  row: FunctionVersionRow,
  payload: Buffer,
  clientContext?: string,
): Promise<{ outcome: InvokeOutcome; log: string[] }> {
  const functionKey = { accountId: row.account_id, region: row.region, name: row.name };
  const admission = await admitInvocation(ctx, functionKey);
  try {
    return await runAdmitted(ctx, row, payload, clientContext, admission.concurrent);
  } finally {
    admission.leave();
  }
}

async function runAdmitted(
  ctx: RequestContext,
  row: FunctionVersionRow,
  payload: Buffer,
  clientContext: string | undefined,
  concurrent: number,
): Promise<{ outcome: InvokeOutcome; log: string[] }> {
  const key = { accountId: row.account_id, region: row.region, name: row.name };
  const pool = environmentPool();
  const poolKey = `${qualifiedArn(key, row.version)}#${row.revision_id}`;
  const directory = await codeDirectory(ctx.config.dataDir, ctx.storage.blobs, {
    blobId: row.code_blob,
    sha256: row.code_sha256,
  });
  const opt = await optDirectory(ctx.config.dataDir, ctx.storage.blobs, functionLayers(row));
  const group = logGroupName(row.name);
  const environmentId = randomUUID();
  const stream = logStreamName(ctx.clock.now(), row.version, environmentId);
  const lease = await pool.acquire(poolKey, {
    runtime: row.runtime ?? 'provided.al2023',
    handler: row.handler ?? '',
    codeDirectory: directory,
    optDirectory: opt,
    memoryMb: row.memory_size,
    timeoutSeconds: row.timeout,
    clock: ctx.clock,
    logStream: stream,
    variables: lambdaVariables({
      functionName: row.name,
      version: row.version,
      runtime: row.runtime ?? 'provided.al2023',
      handler: row.handler ?? '',
      memoryMb: row.memory_size,
      region: row.region,
      accountId: row.account_id,
      codeDirectory: directory,
      optDirectory: opt,
      logGroupName: group,
      logStreamName: stream,
      endpoint: `http://${ctx.config.host}:${ctx.config.port}`,
      userVariables: parseJson<Record<string, string>>(row.environment) ?? {},
    }),
  });
  // The invocation's request id is the Invoke request's (an asynchronous one's, carried on).
  const requestId = ctx.requestId;
  try {
    const outcome = await lease.environment.invoke({
      requestId,
      payload,
      invokedFunctionArn: qualifiedArn(key, row.qualifier),
      clientContext,
    });
    const log = invocationLog(requestId, row.version, row.memory_size, outcome);
    telemetry().log(
      ctx,
      { group, stream: lease.environment.logStream ?? stream },
      logEvents(log, ctx.clock.now()),
    );
    publishInvocationMetrics(ctx, row.name, outcome, concurrent);
    return { outcome, log };
  } finally {
    pool.release(poolKey, lease.environment);
  }
}
