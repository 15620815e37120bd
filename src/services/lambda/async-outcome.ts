// The records of an asynchronous invocation's outcome, in Lambda's formats: the invocation record
// sent to on-success and on-failure destinations, and the dead-letter queue message (the event
// itself, with RequestID, ErrorCode and ErrorMessage attributes).
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
import { isAwsError } from '../../core/aws-error.js';
import type { ServiceEnvironment } from '../../core/service.js';
import type { QueuedEvent } from './async-invoke.js';
import { readFunctionRow } from './change.js';
import { LATEST } from './constants.js';
import { deliver } from './destinations.js';
import type { AsyncSettings } from './event-invoke-config.js';
import { functionArn } from './names.js';

export interface InvocationResponse {
  StatusCode?: number;
  FunctionError?: string;
  ExecutedVersion?: string;
  Payload?: Uint8Array;
}

type Condition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** A dead-letter message's ErrorMessage is cut to Lambda's 1 KB. */
const MAX_ERROR_MESSAGE_BYTES = 1024;

function parsed(payload: Uint8Array | string | undefined): unknown {
  const text =
    typeof payload === 'string'
      ? Buffer.from(payload, 'base64').toString('utf8')
      : Buffer.from(payload ?? []).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function invocationRecord(
  env: ServiceEnvironment,
  event: QueuedEvent,
  condition: Condition,
  response: InvocationResponse | undefined,
): string {
  return JSON.stringify({
    version: '1.0',
    timestamp: new Date(env.clock.now()).toISOString(),
    requestContext: {
      requestId: event.requestId,
      functionArn: `${functionArn(event)}:${event.qualifier ?? LATEST}`,
      condition,
      approximateInvokeCount: event.invocations,
    },
    requestPayload: parsed(event.payload),
    ...(response && {
      responseContext: {
        statusCode: response.StatusCode ?? 200,
        executedVersion: response.ExecutedVersion ?? LATEST,
        ...(response.FunctionError !== undefined && { functionError: response.FunctionError }),
      },
      responsePayload: parsed(response.Payload),
    }),
  });
}

function errorMessageOf(response: InvocationResponse | undefined): string | undefined {
  const error = parsed(response?.Payload) as { errorMessage?: unknown } | null;
  return typeof error?.errorMessage === 'string' ? error.errorMessage : undefined;
}

/**
 * DeadLetterConfig is part of a version's configuration: a published version keeps the queue it
 * was published with whatever `$LATEST` has since. The version is the one that ran, or, for an
 * event that never ran, the one its qualifier names (an alias's own version).
 */
async function deadLetterTarget(
  env: ServiceEnvironment,
  event: QueuedEvent,
  executedVersion: string | undefined,
): Promise<string | null> {
  try {
    const ref = { ...event, qualifier: executedVersion ?? event.qualifier };
    return (await readFunctionRow(env.storage.db, ref, { routed: false })).dead_letter_target;
  } catch (error) {
    if (isAwsError(error) && error.code === 'ResourceNotFoundException') return null;
    throw error;
  }
}

export async function deliverSuccess(
  env: ServiceEnvironment,
  event: QueuedEvent,
  settings: AsyncSettings,
  response: InvocationResponse,
): Promise<void> {
  if (settings.onSuccess)
    await deliver(env.client, settings.onSuccess, {
      body: invocationRecord(env, event, 'Success', response),
    });
}

export async function deliverFailure(
  env: ServiceEnvironment,
  event: QueuedEvent,
  settings: AsyncSettings,
  condition: Exclude<Condition, 'Success'>,
  response?: InvocationResponse,
): Promise<void> {
  if (settings.onFailure)
    await deliver(env.client, settings.onFailure, {
      body: invocationRecord(env, event, condition, response),
    });
  const target = await deadLetterTarget(env, event, response?.ExecutedVersion);
  if (!target) return;
  const errorMessage = Buffer.from(errorMessageOf(response) ?? condition)
    .subarray(0, MAX_ERROR_MESSAGE_BYTES)
    .toString('utf8');
  await deliver(env.client, target, {
    body: Buffer.from(event.payload, 'base64').toString('utf8'),
    attributes: {
      RequestID: { DataType: 'String', StringValue: event.requestId },
      ErrorCode: { DataType: 'Number', StringValue: String(response?.StatusCode ?? 200) },
      ErrorMessage: { DataType: 'String', StringValue: errorMessage },
    },
  });
}
