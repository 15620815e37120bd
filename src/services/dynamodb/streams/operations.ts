// The DynamoDB Streams API (DynamoDBStreams_20120810): ListStreams, DescribeStream,
// GetShardIterator and GetRecords. Each stream has one shard, open while the stream is enabled and
// closed (with an ending sequence number) once it is disabled or its table deleted.
import type { RequestContext } from '../../../core/service.js';
import { AwsError } from '../../../core/aws-error.js';
import { resourceNotFound, validation } from '../errors.js';
import {
  decodeIterator,
  encodeIterator,
  parseSequenceNumber,
  sequenceNumber,
  shardIdOf,
  type Position,
} from './positions.js';
import { findStream, listStreams, oldestKept, readRecords, type Stream } from './store.js';

const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_RECORD_LIMIT = 1000;
/** GetRecords answers at most 1 MB of records (AWS API reference). */
const MAX_RECORD_BYTES = 1024 * 1024;

const streamNotFound = (arn: string) =>
  resourceNotFound(`Requested resource not found: Stream: ${arn} not found`);

const trimmed = () =>
  new AwsError(
    'TrimmedDataAccessException',
    'The operation attempted to read past the oldest stream record in a shard.',
  );

async function streamNamed(ctx: RequestContext, arn: string): Promise<Stream> {
  const stream = await findStream(ctx.storage.db, arn, ctx.clock.now());
  if (!stream) throw streamNotFound(arn);
  return stream;
}

export async function ListStreams(
  ctx: RequestContext,
  input: { TableName?: string; Limit?: number; ExclusiveStartStreamArn?: string },
): Promise<unknown> {
  const limit = input.Limit ?? DEFAULT_LIST_LIMIT;
  const streams = await listStreams(
    ctx.storage.db,
    { accountId: ctx.accountId, region: ctx.region },
    { tableName: input.TableName, afterArn: input.ExclusiveStartStreamArn, limit, now: ctx.clock.now() },
  );
  const out: Record<string, unknown> = {
    Streams: streams.map((stream) => ({
      StreamArn: stream.arn,
      TableName: stream.tableName,
      StreamLabel: stream.label,
    })),
  };
  if (streams.length === limit) out.LastEvaluatedStreamArn = streams[streams.length - 1]!.arn;
  return out;
}

export async function DescribeStream(
  ctx: RequestContext,
  input: { StreamArn: string; Limit?: number; ExclusiveStartShardId?: string },
): Promise<unknown> {
  const stream = await streamNamed(ctx, input.StreamArn);
  const shardId = shardIdOf(stream);
  const range: Record<string, string> = { StartingSequenceNumber: sequenceNumber(1) };
  if (stream.disabledAt !== undefined) range.EndingSequenceNumber = sequenceNumber(stream.lastSeq);
  const shards =
    input.ExclusiveStartShardId === shardId ? [] : [{ ShardId: shardId, SequenceNumberRange: range }];
  return {
    StreamDescription: {
      StreamArn: stream.arn,
      StreamLabel: stream.label,
      StreamStatus: stream.disabledAt === undefined ? 'ENABLED' : 'DISABLED',
      StreamViewType: stream.viewType,
      CreationRequestDateTime: stream.createdAt / 1000,
      TableName: stream.tableName,
      KeySchema: stream.keySchema,
      Shards: shards,
    },
  };
}

interface ShardIteratorInput {
  StreamArn: string;
  ShardId: string;
  ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';
  SequenceNumber?: string;
}

/** The first record an iterator of this type reads. */
async function startOf(ctx: RequestContext, stream: Stream, input: ShardIteratorInput): Promise<number> {
  const now = ctx.clock.now();
  const oldest = (await oldestKept(ctx.storage.db, stream.arn, now)) ?? stream.lastSeq + 1;
  if (input.ShardIteratorType === 'TRIM_HORIZON') return oldest;
  if (input.ShardIteratorType === 'LATEST') return stream.lastSeq + 1;
  if (input.SequenceNumber === undefined) {
    throw validation(`A sequence number is required for the shard iterator type ${input.ShardIteratorType}`);
  }
  const seq = parseSequenceNumber(input.SequenceNumber);
  if (seq === undefined || seq < 1 || seq > stream.lastSeq) {
    throw validation(`Invalid SequenceNumber: ${input.SequenceNumber}`);
  }
  if (seq < oldest) throw trimmed();
  return input.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? seq : seq + 1;
}

export async function GetShardIterator(ctx: RequestContext, input: ShardIteratorInput): Promise<unknown> {
  const stream = await streamNamed(ctx, input.StreamArn);
  if (input.ShardId !== shardIdOf(stream)) {
    throw resourceNotFound(`Requested resource not found: Shard does not exist`);
  }
  const seq = await startOf(ctx, stream, input);
  return { ShardIterator: encodeIterator({ arn: stream.arn, seq, issuedAt: ctx.clock.now() }) };
}

export async function GetRecords(
  ctx: RequestContext,
  input: { ShardIterator: string; Limit?: number },
): Promise<unknown> {
  const now = ctx.clock.now();
  const position = decodeIterator(input.ShardIterator, now);
  const stream = await streamNamed(ctx, position.arn);
  const oldest = (await oldestKept(ctx.storage.db, stream.arn, now)) ?? stream.lastSeq + 1;
  if (position.seq < oldest) throw trimmed();
  const rows = await readRecords(
    ctx.storage.db,
    stream.arn,
    position.seq,
    input.Limit ?? DEFAULT_RECORD_LIMIT,
    now,
  );
  const records: unknown[] = [];
  let bytes = 0;
  let next = position.seq;
  for (const row of rows) {
    bytes += row.record.length;
    if (records.length > 0 && bytes > MAX_RECORD_BYTES) break;
    const record = JSON.parse(row.record) as { dynamodb: Record<string, unknown> };
    record.dynamodb.SequenceNumber = sequenceNumber(row.seq);
    records.push(record);
    next = row.seq + 1;
  }
  const out: Record<string, unknown> = { Records: records };
  // A closed shard read to its end has no next iterator.
  const closedAndRead = stream.disabledAt !== undefined && next > stream.lastSeq;
  if (!closedAndRead) {
    const following: Position = { arn: stream.arn, seq: next, issuedAt: now };
    out.NextShardIterator = encodeIterator(following);
  }
  return out;
}
