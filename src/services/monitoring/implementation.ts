// Amazon CloudWatch metrics: PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics, and
// the retention job. Alarms, dashboards, streams and anomaly detectors answer 501.
import type { OperationHandler, ServiceEnvironment, ServiceImplementation } from '../../core/service.js';
import { GetMetricData } from './get-data.js';
import { GetMetricStatistics } from './get-statistics.js';
import { ListMetrics } from './list-metrics.js';
import { migrations } from './migrations.js';
import { PutMetricData } from './put.js';
import { RETENTION_JOB, retentionHandler, scheduleRetention } from './retention.js';

const operations: Record<string, OperationHandler> = {
  GetMetricData,
  GetMetricStatistics,
  ListMetrics,
  PutMetricData,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  async start(env: ServiceEnvironment) {
    env.storage.jobs.register(RETENTION_JOB, retentionHandler(env));
    await scheduleRetention(env);
  },
};
