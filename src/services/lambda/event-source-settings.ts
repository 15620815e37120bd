// The settings of an event source mapping, checked as Lambda checks them
// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html); a stream mapping's
// own settings are in stream-settings.ts.
import type { FilterCriteria } from '@aws-sdk/client-lambda';
import { InvalidEventPatternError, parseEventPattern } from '../../core/event-pattern.js';
import { invalidParameterValue, validationError } from './errors.js';

export const DEFAULT_BATCH_SIZE = 10;
/** Without a batching window one ReceiveMessage makes the batch: at most 10 messages. */
const MAX_UNBATCHED_SIZE = 10;
const MAX_BATCH_SIZE = 10_000;
const MAX_BATCHING_WINDOW_S = 300;
const MIN_CONCURRENCY = 2;
const MAX_CONCURRENCY = 1000;
/** Lambda's default quota of filters per event source mapping. */
const MAX_FILTERS = 5;
export const REPORT_BATCH_ITEM_FAILURES = 'ReportBatchItemFailures';

/** Parameters of stream and broker sources that an SQS mapping does not take. */
const STREAM_ONLY_PARAMETERS = [
  'StartingPosition',
  'StartingPositionTimestamp',
  'ParallelizationFactor',
  'BisectBatchOnFunctionError',
  'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds',
  'TumblingWindowInSeconds',
  'DestinationConfig',
  'Topics',
  'Queues',
  'SourceAccessConfigurations',
] as const;

export interface MappingSettings {
  batchSize: number;
  batchingWindowS: number;
  /** The filter patterns as given (JSON text each), or none. */
  filters: string[];
  responseTypes: string[];
  maximumConcurrency: number | null;
}

function checkRange(value: number, field: string, min: number, max: number): void {
  if (value < min)
    throw validationError(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(value, field, `Member must have value less than or equal to ${max}`);
}

/**
 * The merged settings of a create or an update, against the source they will read: a queue, or a
 * stream (which reads any batch size in one call, so needs no batching window for a large one).
 */
export function checkSettings(settings: MappingSettings, source: { fifo?: boolean; stream?: boolean }): void {
  checkRange(settings.batchSize, 'batchSize', 1, MAX_BATCH_SIZE);
  checkRange(settings.batchingWindowS, 'maximumBatchingWindowInSeconds', 0, MAX_BATCHING_WINDOW_S);
  if (source.fifo && settings.batchingWindowS > 0)
    throw invalidParameterValue('Batching window is not supported for FIFO queues.');
  if (!source.stream && settings.batchSize > MAX_UNBATCHED_SIZE && settings.batchingWindowS < 1) {
    throw invalidParameterValue(
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    );
  }
  for (const type of settings.responseTypes) {
    if (type !== REPORT_BATCH_ITEM_FAILURES) {
      throw validationError(
        `[${settings.responseTypes.join(', ')}]`,
        'functionResponseTypes',
        `Member must satisfy constraint: [Member must satisfy enum value set: [${REPORT_BATCH_ITEM_FAILURES}]]`,
      );
    }
  }
  if (settings.maximumConcurrency !== null)
    checkRange(
      settings.maximumConcurrency,
      'scalingConfig.maximumConcurrency',
      MIN_CONCURRENCY,
      MAX_CONCURRENCY,
    );
  checkFilters(settings.filters);
}

function checkFilters(filters: string[]): void {
  if (filters.length > MAX_FILTERS)
    throw invalidParameterValue(`The number of filters exceeds the limit of ${MAX_FILTERS}.`);
  for (const pattern of filters) {
    try {
      parseEventPattern(pattern);
    } catch (error) {
      if (error instanceof InvalidEventPatternError)
        throw invalidParameterValue('Invalid filter pattern definition.');
      throw error;
    }
  }
}

/** `FilterCriteria: {}` or `{Filters: []}` means no filtering (an update clears it so). */
export function filtersOf(criteria: FilterCriteria): string[] {
  return (criteria.Filters ?? []).map((filter) => filter.Pattern ?? '');
}

/** Lambda refuses the stream settings on an SQS mapping, naming the first it finds. */
export function checkSqsParameters(
  input: Partial<Record<(typeof STREAM_ONLY_PARAMETERS)[number], unknown>>,
): void {
  const given = STREAM_ONLY_PARAMETERS.find((name) => input[name] !== undefined);
  if (given) throw invalidParameterValue(`${given} is not valid for SQS event sources.`);
}
