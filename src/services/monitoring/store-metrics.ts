// SQL over monitoring_metrics and monitoring_datapoints. (All of CloudWatch's SQL lives here.)
import { randomUUID } from 'node:crypto';
import type { Database } from '../../storage/types.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface MetricRow {
  id: string;
  namespace: string;
  metric_name: string;
  dims_key: string;
  last_put_at: number;
}

export interface DatapointRow {
  ts: number;
  unit: string;
  sample_count: number;
  sum: number;
  min: number;
  max: number;
  vals: string | null;
}

export type NewDatapoint = Omit<DatapointRow, 'vals'> & { vals: string | null; resolution: number };

/** Creates the metric or marks it recently active; returns its id. */
export async function upsertMetric(
  db: Database,
  scope: Scope,
  metric: { namespace: string; metricName: string; dimsKey: string },
  now: number,
): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO monitoring_metrics (id, account_id, region, namespace, metric_name, dims_key, last_put_at)
     VALUES (:id, :accountId, :region, :namespace, :metricName, :dimsKey, :now)
     ON CONFLICT (account_id, region, namespace, metric_name, dims_key)
     DO UPDATE SET last_put_at = CASE WHEN monitoring_metrics.last_put_at > :now
       THEN monitoring_metrics.last_put_at ELSE :now END
     RETURNING id`,
    { id: randomUUID(), ...scope, ...metric, now },
  );
  if (!row) throw new Error('metric upsert returned no row');
  return row.id;
}

export async function insertDatapoint(db: Database, metricId: string, point: NewDatapoint): Promise<void> {
  await db.run(
    `INSERT INTO monitoring_datapoints (id, metric_id, ts, unit, resolution, sample_count, sum, min, max, vals)
     VALUES (:id, :metricId, :ts, :unit, :resolution, :sample_count, :sum, :min, :max, :vals)`,
    { id: randomUUID(), metricId, ...point },
  );
}

export async function findMetric(
  db: Database,
  scope: Scope,
  metric: { namespace: string; metricName: string; dimsKey: string },
): Promise<MetricRow | undefined> {
  return db.one<MetricRow>(
    `SELECT id, namespace, metric_name, dims_key, last_put_at FROM monitoring_metrics
     WHERE account_id = :accountId AND region = :region AND namespace = :namespace
       AND metric_name = :metricName AND dims_key = :dimsKey`,
    { ...scope, ...metric },
  );
}

/** Datapoints in [start, end), optionally of one unit, oldest first. */
export async function datapointsBetween(
  db: Database,
  metricId: string,
  range: { start: number; end: number; unit: string | null },
): Promise<DatapointRow[]> {
  return db.all<DatapointRow>(
    `SELECT ts, unit, sample_count, sum, min, max, vals FROM monitoring_datapoints
     WHERE metric_id = :metricId AND ts >= :start AND ts < :end
       AND (CAST(:unit AS TEXT) IS NULL OR unit = :unit)
     ORDER BY ts, id`,
    { metricId, ...range },
  );
}

/** Metrics matching the filters, ordered by (namespace, name, dimensions); dimension filters apply after. */
export async function listMetricRows(
  db: Database,
  scope: Scope,
  filter: { namespace: string | null; metricName: string | null; activeSince: number | null },
): Promise<MetricRow[]> {
  return db.all<MetricRow>(
    `SELECT id, namespace, metric_name, dims_key, last_put_at FROM monitoring_metrics
     WHERE account_id = :accountId AND region = :region
       AND (CAST(:namespace AS TEXT) IS NULL OR namespace = :namespace)
       AND (CAST(:metricName AS TEXT) IS NULL OR metric_name = :metricName)
       AND (CAST(:activeSince AS BIGINT) IS NULL OR last_put_at >= :activeSince)`,
    { ...scope, ...filter },
  );
}

/** Retention: removes datapoints older than `before`; returns how many. */
export async function deleteDatapointsBefore(db: Database, before: number): Promise<number> {
  const { changes } = await db.run('DELETE FROM monitoring_datapoints WHERE ts < :before', { before });
  return changes;
}
