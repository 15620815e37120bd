// Amazon CloudWatch Logs: log groups, streams, events, retention, tags and filter patterns.
// Other operations of the 2014-03-28 API (StartLiveTail, metric filters, Insights…) answer 501.
import type { OperationHandler, ServiceEnvironment, ServiceImplementation } from '../../core/service.js';
import { RETENTION_JOB } from './constants.js';
import { FilterLogEvents } from './filter-events.js';
import { GetLogEvents } from './get-events.js';
import {
  CreateLogGroup,
  DeleteLogGroup,
  DeleteRetentionPolicy,
  DescribeLogGroups,
  PutRetentionPolicy,
} from './groups.js';
import { migrations } from './migrations.js';
import { PutLogEvents } from './put-events.js';
import { retentionHandler, scheduleRetention } from './retention.js';
import { CreateLogStream, DeleteLogStream, DescribeLogStreams } from './streams.js';
import {
  ListTagsForResource,
  ListTagsLogGroup,
  TagLogGroup,
  TagResource,
  UntagLogGroup,
  UntagResource,
} from './tags.js';

const operations: Record<string, OperationHandler> = {
  CreateLogGroup,
  CreateLogStream,
  DeleteLogGroup,
  DeleteLogStream,
  DeleteRetentionPolicy,
  DescribeLogGroups,
  DescribeLogStreams,
  FilterLogEvents,
  GetLogEvents,
  ListTagsForResource,
  ListTagsLogGroup,
  PutLogEvents,
  PutRetentionPolicy,
  TagLogGroup,
  TagResource,
  UntagLogGroup,
  UntagResource,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  async start(env: ServiceEnvironment) {
    env.storage.jobs.register(RETENTION_JOB, retentionHandler(env));
    await scheduleRetention(env);
  },
};
