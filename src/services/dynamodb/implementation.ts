// Amazon DynamoDB: tables, items, queries and scans, secondary indexes, batches, transactions,
// PartiQL, TTL, tags and streams (the DynamoDB Streams API shares the service's endpoint and signing name).
// Operations not listed here answer 501 NotImplemented (docs/coverage.md).
import { listenForTableChanges } from './tables/lookup.js';
import type {
  OperationHandler,
  RequestContext,
  ServiceEnvironment,
  ServiceImplementation,
} from '../../core/service.js';
import { validateRequest } from './validation/index.js';
import { BACKFILL_JOB, INDEX_PURGE_JOB, backfillHandler, indexPurgeHandler } from './indexes/jobs.js';
import { BatchGetItem, BatchWriteItem } from './items/batch.js';
import { DeleteItem } from './items/delete.js';
import { GetItem } from './items/get.js';
import { PutItem } from './items/put.js';
import { Query } from './items/query.js';
import { Scan } from './items/scan.js';
import { TransactGetItems } from './items/transactions/get.js';
import { TransactWriteItems } from './items/transactions/write.js';
import { UpdateItem } from './items/update.js';
import { BatchExecuteStatement, ExecuteTransaction } from './partiql/batch.js';
import { ExecuteStatement } from './partiql/execute.js';
import { DescribeStream, GetRecords, GetShardIterator, ListStreams } from './streams/operations.js';
import { migrations } from './migrations.js';
import { scheduleTtl, TTL_BACKFILL_JOB, TTL_JOB, ttlBackfillHandler, ttlHandler } from './ttl.js';
import { CreateTable } from './tables/create.js';
import { DeleteTable, PURGE_JOB, purgeHandler } from './tables/delete.js';
import { DescribeEndpoints, DescribeLimits, DescribeTable, ListTables } from './tables/read.js';
import { ListTagsOfResource, TagResource, UntagResource } from './tables/tags.js';
import { DescribeTimeToLive, UpdateTimeToLive } from './tables/ttl.js';
import { UpdateTable } from './tables/update.js';

type ValidatedHandler = (ctx: RequestContext, input: any, parsed: any) => Promise<unknown>;

/** Every operation's request is validated first, as DynamoDB does, before any table is read. */
function validated(handlers: Record<string, ValidatedHandler>): Record<string, OperationHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([operation, handler]) => [
      operation,
      (ctx: RequestContext, body: Record<string, unknown>) => {
        const { input, parsed } = validateRequest(operation, body);
        return handler(ctx, input, parsed);
      },
    ]),
  );
}

const operations = validated({
  BatchExecuteStatement,
  BatchGetItem,
  BatchWriteItem,
  CreateTable,
  DeleteItem,
  DeleteTable,
  DescribeEndpoints,
  DescribeLimits,
  DescribeStream,
  DescribeTable,
  DescribeTimeToLive,
  ExecuteStatement,
  ExecuteTransaction,
  GetItem,
  GetRecords,
  GetShardIterator,
  ListStreams,
  ListTables,
  ListTagsOfResource,
  PutItem,
  Query,
  Scan,
  TagResource,
  TransactGetItems,
  TransactWriteItems,
  UntagResource,
  UpdateItem,
  UpdateTable,
  UpdateTimeToLive,
});

let stopListening: (() => void) | undefined;

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  async start(env: ServiceEnvironment) {
    stopListening = listenForTableChanges(env.storage.notifier);
    env.storage.jobs.register(PURGE_JOB, purgeHandler(env));
    env.storage.jobs.register(BACKFILL_JOB, backfillHandler(env));
    env.storage.jobs.register(INDEX_PURGE_JOB, indexPurgeHandler(env));
    env.storage.jobs.register(TTL_JOB, ttlHandler(env));
    env.storage.jobs.register(TTL_BACKFILL_JOB, ttlBackfillHandler(env));
    await scheduleTtl(env);
  },
  async stop() {
    stopListening?.();
    stopListening = undefined;
  },
};
