// CreateLogStream, DeleteLogStream, DescribeLogStreams.
import type {
  CreateLogStreamRequest,
  DeleteLogStreamRequest,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  LogStream,
} from '@aws-sdk/client-cloudwatch-logs';
import type { OperationHandler } from '../../core/service.js';
import { MAX_DESCRIBE_LIMIT } from './constants.js';
import { invalidParameter, streamExists, streamNotFound } from './errors.js';
import { groupArn, requireGroup, resolveGroup } from './group.js';
import type { GroupRow } from './store-groups.js';
import { deleteStream, insertStream, listStreams, type StreamRow } from './store-streams.js';
import { decodeOpaque, encodeOpaque } from './tokens.js';
import { checkLimit, checkStreamName } from './validate.js';

type Empty = Record<string, never>;

/** The sequence token PutLogEvents hands back (AWS no longer enforces it): 56 digits. */
export function sequenceToken(uploadSeq: number): string {
  return String(uploadSeq).padStart(56, '0');
}

export const CreateLogStream: OperationHandler<CreateLogStreamRequest, Empty> = async (ctx, input) => {
  checkStreamName(input.logStreamName!);
  const group = await requireGroup(ctx.storage.db, ctx, input.logGroupName!);
  if (!(await insertStream(ctx.storage.db, group.id, input.logStreamName!, ctx.clock.now()))) {
    throw streamExists();
  }
  return {};
};

export const DeleteLogStream: OperationHandler<DeleteLogStreamRequest, Empty> = async (ctx, input) => {
  await ctx.storage.db.transaction(async (tx) => {
    const group = await requireGroup(tx, ctx, input.logGroupName!);
    if (!(await deleteStream(tx, group.id, input.logStreamName!))) throw streamNotFound();
  });
  return {};
};

function toLogStream(group: GroupRow, row: StreamRow): LogStream {
  const optional = (value: number | null) => (value === null ? undefined : Number(value));
  return {
    logStreamName: row.name,
    creationTime: Number(row.created_at),
    firstEventTimestamp: optional(row.first_event_at),
    lastEventTimestamp: optional(row.last_event_at),
    lastIngestionTime: optional(row.last_ingestion_at),
    uploadSequenceToken: Number(row.upload_seq) > 0 ? sequenceToken(Number(row.upload_seq)) : undefined,
    arn: `${groupArn(group)}:log-stream:${row.name}`,
    // Deprecated for streams: AWS reports 0.
    storedBytes: 0,
  };
}

interface StreamCursor {
  time: number;
  name: string;
}

export const DescribeLogStreams: OperationHandler<
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse
> = async (ctx, input) => {
  const byLastEvent = input.orderBy === 'LastEventTime';
  if (input.orderBy !== undefined && !byLastEvent && input.orderBy !== 'LogStreamName') {
    throw invalidParameter(
      `1 validation error detected: Value '${input.orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (byLastEvent && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const limit = checkLimit(input.limit, MAX_DESCRIBE_LIMIT);
  const group = await resolveGroup(ctx.storage.db, ctx, input);
  const scope = JSON.stringify([group.id, input.logStreamNamePrefix, byLastEvent, input.descending === true]);
  const rows = await listStreams(ctx.storage.db, {
    groupId: group.id,
    prefix: input.logStreamNamePrefix ?? '',
    byLastEvent,
    descending: input.descending === true,
    after: decodeOpaque<StreamCursor>(input.nextToken, scope),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const cursor: StreamCursor | undefined = last && {
    time: Number(last.last_event_at ?? -1),
    name: last.name,
  };
  return {
    logStreams: page.map((row) => toLogStream(group, row)),
    nextToken: rows.length > limit && cursor ? encodeOpaque(scope, cursor) : undefined,
  };
};
