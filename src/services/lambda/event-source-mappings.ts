// CreateEventSourceMapping, GetEventSourceMapping, UpdateEventSourceMapping,
// DeleteEventSourceMapping, ListEventSourceMappings: SQS queues and DynamoDB streams as triggers
// of functions. Every
// change is announced to the pollers of every node (event-source-pollers.ts).
import { randomUUID } from 'node:crypto';
import type {
  CreateEventSourceMappingRequest,
  DeleteEventSourceMappingRequest,
  EventSourceMappingConfiguration,
  GetEventSourceMappingRequest,
  ListEventSourceMappingsRequest,
  ListEventSourceMappingsResponse,
  UpdateEventSourceMappingRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { getFunctionRow } from './change.js';
import {
  settingsColumns,
  settingsOf,
  streamSettingsOfRow,
  toMappingConfiguration,
} from './event-source-configuration.js';
import { mappingsChanged } from './event-source-pollers.js';
import { parseEventSource, queueUrlOf } from './event-source-queue.js';
import { describeStream, streamSourceOf } from './event-source-stream.js';
import {
  DEFAULT_STREAM_BATCH_SIZE,
  mergeStreamSettings,
  refuseQueueParameters,
  streamSettingsOf,
} from './stream-settings.js';
import {
  checkSettings,
  checkSqsParameters,
  DEFAULT_BATCH_SIZE,
  filtersOf,
  type MappingSettings,
} from './event-source-settings.js';
import { invalidParameterValue, mappingExists, mappingNotFound, validationError } from './errors.js';
import { ANY_NAME } from './functions.js';
import { functionArn, parseFunctionName, resolveQualifier, type FunctionRef } from './names.js';
import { fromMarker, pageOf } from './pagination.js';
import {
  deleteMapping,
  findMapping,
  findMappingOf,
  insertMapping,
  listMappingRows,
  lockMapping,
  updateMapping,
  type MappingKey,
  type MappingRow,
} from './store-event-source-mappings.js';

/** ListEventSourceMappings answers at most 100 mappings per page. */
const MAX_PAGE = 100;

function mappedRef(ctx: RequestContext, functionName: string): FunctionRef {
  return resolveQualifier(parseFunctionName(ctx, functionName, ANY_NAME), undefined);
}

/** The ARN the mapping invokes: qualified when the FunctionName carries a qualifier. */
function invokedArn(ref: FunctionRef): string {
  return ref.qualifier === undefined ? functionArn(ref) : `${functionArn(ref)}:${ref.qualifier}`;
}

async function existingFunctionArn(ctx: RequestContext, functionName: string): Promise<string> {
  const ref = mappedRef(ctx, functionName);
  await getFunctionRow(ctx, ref);
  return invokedArn(ref);
}

function nameOf(arn: string): string {
  return arn.slice(arn.indexOf(':function:') + ':function:'.length);
}

async function conflict(db: Database, row: MappingRow): Promise<Error> {
  const pair = {
    accountId: row.account_id,
    region: row.region,
    eventSourceArn: row.event_source_arn,
    functionArn: row.function_arn,
  };
  return mappingExists(row.event_source_arn, nameOf(row.function_arn), (await findMappingOf(db, pair)) ?? '');
}

function keyOf(ctx: RequestContext, uuid: string | undefined): MappingKey {
  return { accountId: ctx.accountId, region: ctx.region, uuid: uuid ?? '' };
}

function refuseSelfManaged(input: CreateEventSourceMappingRequest): void {
  if (input.SelfManagedEventSource !== undefined) {
    throw invalidParameterValue(
      'Event sources of self-managed Apache Kafka are not supported by Nubis: only Amazon SQS queues and DynamoDB streams can be mapped.',
    );
  }
}

/** What a create reads from, checked before its function: a DynamoDB stream or an SQS queue. */
function sourceOf(input: CreateEventSourceMappingRequest) {
  refuseSelfManaged(input);
  const stream = streamSourceOf(input.EventSourceArn);
  if (stream) {
    refuseQueueParameters(input);
    return { stream, queue: undefined, arn: stream.arn };
  }
  const queue = parseEventSource(input.EventSourceArn);
  checkSqsParameters(input);
  return { stream: undefined, queue, arn: queue.arn };
}

export const CreateEventSourceMapping: OperationHandler<
  CreateEventSourceMappingRequest,
  EventSourceMappingConfiguration
> = async (ctx, input) => {
  const source = sourceOf(input);
  const arn = await existingFunctionArn(ctx, input.FunctionName ?? '');
  const streamSettings = source.stream && streamSettingsOf(input, nameOf(arn));
  const settings: MappingSettings = {
    batchSize: input.BatchSize ?? (source.stream ? DEFAULT_STREAM_BATCH_SIZE : DEFAULT_BATCH_SIZE),
    batchingWindowS: input.MaximumBatchingWindowInSeconds ?? 0,
    filters: filtersOf(input.FilterCriteria ?? {}),
    responseTypes: input.FunctionResponseTypes ?? [],
    maximumConcurrency: input.ScalingConfig?.MaximumConcurrency ?? null,
  };
  checkSettings(settings, { fifo: source.queue?.fifo, stream: source.stream !== undefined });
  const scope = { accountId: ctx.accountId, region: ctx.region };
  if (source.stream) await describeStream(ctx.client, scope, source.stream);
  else await queueUrlOf(ctx.client, scope, source.queue);
  const row: MappingRow = {
    uuid: randomUUID(),
    account_id: ctx.accountId,
    region: ctx.region,
    event_source_arn: source.arn,
    function_arn: arn,
    enabled: input.Enabled === false ? 0 : 1,
    ...settingsColumns(settings),
    stream_settings: streamSettings ? JSON.stringify(streamSettings) : null,
    revision_id: randomUUID(),
    modified_at: ctx.clock.now(),
  };
  if (!(await insertMapping(ctx.storage.db, row))) throw await conflict(ctx.storage.db, row);
  await mappingsChanged(ctx);
  return toMappingConfiguration(row, 'Creating');
};

export const GetEventSourceMapping: OperationHandler<
  GetEventSourceMappingRequest,
  EventSourceMappingConfiguration
> = async (ctx, input) => {
  const row = await findMapping(ctx.storage.db, keyOf(ctx, input.UUID));
  if (!row) throw mappingNotFound();
  return toMappingConfiguration(row);
};

/** An absent member keeps its value; `FilterCriteria: {}` and `ScalingConfig: {}` clear theirs. */
function mergedSettings(row: MappingRow, input: UpdateEventSourceMappingRequest): MappingSettings {
  const current = settingsOf(row);
  return {
    batchSize: input.BatchSize ?? current.batchSize,
    batchingWindowS: input.MaximumBatchingWindowInSeconds ?? current.batchingWindowS,
    filters: input.FilterCriteria === undefined ? current.filters : filtersOf(input.FilterCriteria),
    responseTypes: input.FunctionResponseTypes ?? current.responseTypes,
    maximumConcurrency:
      input.ScalingConfig === undefined
        ? current.maximumConcurrency
        : (input.ScalingConfig.MaximumConcurrency ?? null),
  };
}

export const UpdateEventSourceMapping: OperationHandler<
  UpdateEventSourceMappingRequest,
  EventSourceMappingConfiguration
> = async (ctx, input) => {
  const arn =
    input.FunctionName === undefined ? undefined : await existingFunctionArn(ctx, input.FunctionName);
  const { before, after } = await ctx.storage.db.transaction(async (tx) => {
    const before = await lockMapping(tx, keyOf(ctx, input.UUID));
    if (!before) throw mappingNotFound();
    const settings = mergedSettings(before, input);
    const current = streamSettingsOfRow(before);
    const stream = current && mergeStreamSettings(current, input, nameOf(arn ?? before.function_arn));
    if (stream) {
      refuseQueueParameters(input);
      checkSettings(settings, { stream: true });
    } else {
      checkSqsParameters(input);
      checkSettings(settings, parseEventSource(before.event_source_arn));
    }
    const after: MappingRow = {
      ...before,
      ...settingsColumns(settings),
      stream_settings: stream ? JSON.stringify(stream) : null,
      function_arn: arn ?? before.function_arn,
      enabled: input.Enabled === undefined ? before.enabled : input.Enabled ? 1 : 0,
      revision_id: randomUUID(),
      modified_at: ctx.clock.now(),
    };
    if (after.function_arn !== before.function_arn) {
      const taken = await findMappingOf(tx, {
        accountId: after.account_id,
        region: after.region,
        eventSourceArn: after.event_source_arn,
        functionArn: after.function_arn,
      });
      if (taken) throw await conflict(tx, after);
    }
    await updateMapping(tx, after);
    return { before, after };
  });
  await mappingsChanged(ctx);
  const state =
    after.enabled === before.enabled ? 'Updating' : after.enabled === 1 ? 'Enabling' : 'Disabling';
  return toMappingConfiguration(after, state);
};

/** The mapping goes at once; its pollers stop when they hear of it (or fail to renew their lease). */
export const DeleteEventSourceMapping: OperationHandler<
  DeleteEventSourceMappingRequest,
  EventSourceMappingConfiguration
> = async (ctx, input) => {
  const key = keyOf(ctx, input.UUID);
  const removed = await ctx.storage.db.transaction(async (tx) => {
    const row = await lockMapping(tx, key);
    if (row) await deleteMapping(tx, key);
    return row;
  });
  if (!removed) throw mappingNotFound();
  await mappingsChanged(ctx);
  return toMappingConfiguration(removed, 'Deleting');
};

function pageSize(maxItems: number | undefined): number {
  if (maxItems === undefined) return MAX_PAGE;
  if (maxItems < 1)
    throw validationError(maxItems, 'maxItems', 'Member must have value greater than or equal to 1');
  if (maxItems > 10_000)
    throw validationError(maxItems, 'maxItems', 'Member must have value less than or equal to 10000');
  return Math.min(maxItems, MAX_PAGE);
}

export const ListEventSourceMappings: OperationHandler<
  ListEventSourceMappingsRequest,
  ListEventSourceMappingsResponse
> = async (ctx, input) => {
  const limit = pageSize(input.MaxItems);
  const rows = await listMappingRows(ctx.storage.db, {
    accountId: ctx.accountId,
    region: ctx.region,
    eventSourceArn: input.EventSourceArn ?? null,
    functionArn: input.FunctionName === undefined ? null : invokedArn(mappedRef(ctx, input.FunctionName)),
    after: input.Marker === undefined ? '' : fromMarker(input.Marker),
    limit: limit + 1,
  });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.uuid);
  return {
    EventSourceMappings: page.map((row) => toMappingConfiguration(row)),
    NextMarker: nextMarker,
  };
};
