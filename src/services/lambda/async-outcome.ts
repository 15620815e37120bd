// The records of an asynchronous invocation's outcome, in Lambda's formats: the invocation record
// sent to on-success and on-failure destinations, and the dead-letter queue message (the event
// itself, with RequestID, ErrorCode and ErrorMessage attributes).
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
import type { ServiceEnvironment } from '../../core/service.js';
import type { QueuedEvent } from './async-invoke.js';
import { LATEST } from './constants.js';
import { deliver } from './destinations.js';
import type { AsyncSettings } from './event-invoke-config.js';
import { functionArn } from './names.js';
import { findFunction } from './store-functions.js';

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
  const row = await findFunction(env.storage.db, event);
  if (!row?.dead_letter_target) return;
  const errorMessage = Buffer.from(errorMessageOf(response) ?? condition)
    .subarray(0, MAX_ERROR_MESSAGE_BYTES)
    .toString('utf8');
  await deliver(env.client, row.dead_letter_target, {
    body: Buffer.from(event.payload, 'base64').toString('utf8'),
    attributes: {
      RequestID: { DataType: 'String', StringValue: event.requestId },
      ErrorCode: { DataType: 'Number', StringValue: String(response?.StatusCode ?? 200) },
      ErrorMessage: { DataType: 'String', StringValue: errorMessage },
    },
  });
}
