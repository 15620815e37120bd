// Amazon DynamoDB: tables, items, queries and scans, secondary indexes, batches, TTL and tags.
// Operations not listed here answer 501 NotImplemented (docs/coverage.md).
import type { OperationHandler, ServiceEnvironment, ServiceImplementation } from '../../core/service.js';
import { BACKFILL_JOB, INDEX_PURGE_JOB, backfillHandler, indexPurgeHandler } from './indexes/jobs.js';
import { migrations } from './migrations.js';
import { CreateTable } from './tables/create.js';
import { DeleteTable, PURGE_JOB, purgeHandler } from './tables/delete.js';
import { DescribeEndpoints, DescribeLimits, DescribeTable, ListTables } from './tables/read.js';
import { ListTagsOfResource, TagResource, UntagResource } from './tables/tags.js';
import { DescribeTimeToLive, UpdateTimeToLive } from './tables/ttl.js';
import { UpdateTable } from './tables/update.js';

const operations: Record<string, OperationHandler> = {
  CreateTable,
  DeleteTable,
  DescribeEndpoints,
  DescribeLimits,
  DescribeTable,
  DescribeTimeToLive,
  ListTables,
  ListTagsOfResource,
  TagResource,
  UntagResource,
  UpdateTable,
  UpdateTimeToLive,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  start(env: ServiceEnvironment) {
    env.storage.jobs.register(PURGE_JOB, purgeHandler(env));
    env.storage.jobs.register(BACKFILL_JOB, backfillHandler(env));
    env.storage.jobs.register(INDEX_PURGE_JOB, indexPurgeHandler(env));
  },
};
