import type { Migration } from '../../storage/types.js';

// A metric is the identity (namespace, name, exact dimension set) per account and region; dims_key is
// its dimensions sorted by name, as JSON, so that the same set in another order is the same metric.
const METRICS = `CREATE TABLE monitoring_metrics (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  namespace TEXT NOT NULL,
  metric_name TEXT NOT NULL,
  dims_key TEXT NOT NULL,
  last_put_at BIGINT NOT NULL,
  UNIQUE (account_id, region, namespace, metric_name, dims_key)
)`;

// One row per published datum, kept whole so that statistics are exact: the statistic set, and the
// raw values with their counts (JSON [[value, count], …]) for percentiles; NULL when only a
// statistic set was published. ts is epoch ms, truncated to the datum's storage resolution.
const DATAPOINTS = `CREATE TABLE monitoring_datapoints (
  id TEXT PRIMARY KEY,
  metric_id TEXT NOT NULL,
  ts BIGINT NOT NULL,
  unit TEXT NOT NULL,
  resolution INTEGER NOT NULL,
  sample_count DOUBLE PRECISION NOT NULL,
  sum DOUBLE PRECISION NOT NULL,
  min DOUBLE PRECISION NOT NULL,
  max DOUBLE PRECISION NOT NULL,
  vals TEXT
)`;

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'metrics and datapoints',
    async up(db) {
      await db.run(METRICS);
      await db.run(DATAPOINTS);
      await db.run('CREATE INDEX monitoring_datapoints_metric ON monitoring_datapoints (metric_id, ts)');
      await db.run(
        'CREATE INDEX monitoring_metrics_list ON monitoring_metrics (account_id, region, namespace, metric_name)',
      );
    },
  },
];
