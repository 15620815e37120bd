// A mapping row as Lambda's EventSourceMappingConfiguration, and its settings in and out of a row.
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { parseJson } from './configuration.js';
import type { MappingSettings } from './event-source-settings.js';
import type { StreamSettings } from './stream-settings.js';
import type { MappingRow } from './store-event-source-mappings.js';

/**
 * A stored mapping is Enabled or Disabled; the operations answer with the transition they started
 * (Creating, Enabling, Disabling, Updating, Deleting), as Lambda does.
 */
export type MappingState =
  'Creating' | 'Enabled' | 'Disabled' | 'Enabling' | 'Disabling' | 'Updating' | 'Deleting';

export function settingsOf(row: MappingRow): MappingSettings {
  return {
    batchSize: row.batch_size,
    batchingWindowS: row.batching_window_s,
    filters: parseJson<string[]>(row.filter_criteria) ?? [],
    responseTypes: parseJson<string[]>(row.function_response_types) ?? [],
    maximumConcurrency: row.maximum_concurrency,
  };
}

/** A stream mapping's own settings; undefined for a queue's mapping. */
export function streamSettingsOfRow(row: MappingRow): StreamSettings | undefined {
  return parseJson<StreamSettings>(row.stream_settings) ?? undefined;
}

/** The members only stream mappings have, as Lambda describes them. */
function streamMembers(settings: StreamSettings | undefined): Partial<EventSourceMappingConfiguration> {
  if (!settings) return {};
  return {
    StartingPosition: settings.startingPosition,
    MaximumRetryAttempts: settings.maximumRetryAttempts,
    MaximumRecordAgeInSeconds: settings.maximumRecordAgeS,
    BisectBatchOnFunctionError: settings.bisectOnError,
    ParallelizationFactor: settings.parallelizationFactor,
    DestinationConfig: { OnFailure: settings.onFailure ? { Destination: settings.onFailure } : {} },
    TumblingWindowInSeconds: settings.tumblingWindowS ?? 0,
  };
}

export function settingsColumns(
  settings: MappingSettings,
): Pick<
  MappingRow,
  'batch_size' | 'batching_window_s' | 'filter_criteria' | 'function_response_types' | 'maximum_concurrency'
> {
  return {
    batch_size: settings.batchSize,
    batching_window_s: settings.batchingWindowS,
    filter_criteria: settings.filters.length > 0 ? JSON.stringify(settings.filters) : null,
    function_response_types: JSON.stringify(settings.responseTypes),
    maximum_concurrency: settings.maximumConcurrency,
  };
}

export function toMappingConfiguration(
  row: MappingRow,
  state?: MappingState,
): EventSourceMappingConfiguration {
  const settings = settingsOf(row);
  return {
    UUID: row.uuid,
    BatchSize: settings.batchSize,
    MaximumBatchingWindowInSeconds: settings.batchingWindowS,
    EventSourceArn: row.event_source_arn,
    FunctionArn: row.function_arn,
    LastModified: new Date(row.modified_at),
    State: state ?? (row.enabled === 1 ? 'Enabled' : 'Disabled'),
    StateTransitionReason: 'USER_INITIATED',
    LastProcessingResult: row.last_processing_result ?? undefined,
    FunctionResponseTypes: settings.responseTypes as EventSourceMappingConfiguration['FunctionResponseTypes'],
    FilterCriteria:
      settings.filters.length > 0 ? { Filters: settings.filters.map((Pattern) => ({ Pattern })) } : undefined,
    ScalingConfig:
      settings.maximumConcurrency === null ? undefined : { MaximumConcurrency: settings.maximumConcurrency },
    ...streamMembers(streamSettingsOfRow(row)),
  };
}
