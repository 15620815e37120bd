// The settings only a DynamoDB stream mapping has, checked as Lambda checks them
// (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html): where reading starts,
// how often a failed batch is retried and for how long, whether it is split to find the record
// that fails, where a batch given up on is reported, and the tumbling window records are
// aggregated in.
import type {
  CreateEventSourceMappingRequest,
  UpdateEventSourceMappingRequest,
} from '@aws-sdk/client-lambda';
import { checkDestination } from './destinations.js';
import { invalidParameterValue, validationError } from './errors.js';

export interface StreamSettings {
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** -1: until the record expires from the stream. */
  maximumRetryAttempts: number;
  /** -1: no limit but the stream's retention. */
  maximumRecordAgeS: number;
  bisectOnError: boolean;
  onFailure: string | undefined;
  parallelizationFactor: number;
  /** 0: no tumbling window. Absent from rows written before tumbling windows were built. */
  tumblingWindowS?: number;
}

/** A stream mapping's batch: 100 records unless told otherwise. */
export const DEFAULT_STREAM_BATCH_SIZE = 100;
const MAX_RETRY_ATTEMPTS = 10_000;
const MIN_RECORD_AGE_S = 60;
const MAX_RECORD_AGE_S = 604_800;
const MAX_PARALLELIZATION = 10;
const MAX_TUMBLING_WINDOW_S = 900;

/** Parameters of queues and brokers that a stream mapping does not take. */
const NOT_FOR_STREAMS = ['ScalingConfig', 'Queues', 'Topics', 'SourceAccessConfigurations'] as const;

function checkRange(value: number, field: string, min: number, max: number): void {
  if (value < min)
    throw validationError(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(value, field, `Member must have value less than or equal to ${max}`);
}

type StreamInput = CreateEventSourceMappingRequest | UpdateEventSourceMappingRequest;

export function refuseQueueParameters(
  input: Partial<Record<(typeof NOT_FOR_STREAMS)[number], unknown>>,
): void {
  const given = NOT_FOR_STREAMS.find((name) => input[name] !== undefined);
  if (given) throw invalidParameterValue(`${given} is not valid for DynamoDB Streams event sources.`);
}

/** A create's settings: StartingPosition is required, the rest has Lambda's defaults. */
export function streamSettingsOf(
  input: CreateEventSourceMappingRequest,
  functionName: string,
): StreamSettings {
  if (input.StartingPosition === undefined) {
    throw invalidParameterValue(
      '1 validation error detected: StartingPosition must not be null for DynamoDB Streams event sources.',
    );
  }
  if (input.StartingPosition !== 'TRIM_HORIZON' && input.StartingPosition !== 'LATEST') {
    throw invalidParameterValue(
      `Unsupported starting position for DynamoDB Streams: ${input.StartingPosition}`,
    );
  }
  const settings: StreamSettings = {
    startingPosition: input.StartingPosition,
    maximumRetryAttempts: -1,
    maximumRecordAgeS: -1,
    bisectOnError: false,
    onFailure: undefined,
    parallelizationFactor: 1,
    tumblingWindowS: 0,
  };
  return mergeStreamSettings(settings, input, functionName);
}

/** An update's settings: an absent member keeps its value; `DestinationConfig: {}` clears it. */
export function mergeStreamSettings(
  current: StreamSettings,
  input: StreamInput,
  functionName: string,
): StreamSettings {
  const settings: StreamSettings = {
    ...current,
    maximumRetryAttempts: input.MaximumRetryAttempts ?? current.maximumRetryAttempts,
    maximumRecordAgeS: input.MaximumRecordAgeInSeconds ?? current.maximumRecordAgeS,
    bisectOnError: input.BisectBatchOnFunctionError ?? current.bisectOnError,
    parallelizationFactor: input.ParallelizationFactor ?? current.parallelizationFactor,
    tumblingWindowS: input.TumblingWindowInSeconds ?? current.tumblingWindowS ?? 0,
    onFailure:
      input.DestinationConfig === undefined
        ? current.onFailure
        : input.DestinationConfig.OnFailure?.Destination || undefined,
  };
  checkRange(settings.maximumRetryAttempts, 'maximumRetryAttempts', -1, MAX_RETRY_ATTEMPTS);
  if (settings.maximumRecordAgeS !== -1) {
    checkRange(settings.maximumRecordAgeS, 'maximumRecordAgeInSeconds', MIN_RECORD_AGE_S, MAX_RECORD_AGE_S);
  }
  checkRange(settings.parallelizationFactor, 'parallelizationFactor', 1, MAX_PARALLELIZATION);
  checkRange(settings.tumblingWindowS!, 'tumblingWindowInSeconds', 0, MAX_TUMBLING_WINDOW_S);
  if (settings.onFailure !== undefined) {
    checkDestination(settings.onFailure, 'destinationConfig.onFailure.destination', functionName);
    if (!settings.onFailure.startsWith('arn:aws:sqs:')) {
      throw invalidParameterValue(
        `The destination ARN ${settings.onFailure} is invalid: a stream mapping reports failed batches to an Amazon SQS queue.`,
      );
    }
  }
  return settings;
}
