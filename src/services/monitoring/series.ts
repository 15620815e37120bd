// Reading one metric's datapoints and grouping them into period buckets (per unit: AWS keeps data
// published under different units apart unless a Unit narrows the request).
import type { Dimension } from '@aws-sdk/client-cloudwatch';
import type { RequestContext } from '../../core/service.js';
import { dimensionsKey } from './metric.js';
import { alignStart, bucketOf } from './periods.js';
import { aggregate, type Aggregate } from './statistics.js';
import { datapointsBetween, findMetric, type DatapointRow } from './store-metrics.js';

export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimensions: Dimension[] | undefined;
  start: number;
  end: number;
  periodS: number;
  unit: string | undefined;
  /** GetMetricStatistics keeps units apart; GetMetricData merges them into one series. */
  byUnit: boolean;
}

export interface Bucket {
  timestamp: number;
  unit: string;
  aggregate: Aggregate;
}

/** Buckets holding data, oldest first (one per unit within a period). */
export async function readBuckets(ctx: RequestContext, query: MetricQuery): Promise<Bucket[]> {
  const metric = await findMetric(
    ctx.storage.db,
    { accountId: ctx.accountId, region: ctx.region },
    { namespace: query.namespace, metricName: query.metricName, dimsKey: dimensionsKey(query.dimensions) },
  );
  if (!metric) return [];
  const start = alignStart(query.start, query.periodS, ctx.clock.now());
  const rows = await datapointsBetween(ctx.storage.db, metric.id, {
    start,
    end: query.end,
    unit: query.unit ?? null,
  });
  const groups = new Map<string, { timestamp: number; unit: string; rows: DatapointRow[] }>();
  for (const row of rows) {
    const timestamp = bucketOf(Number(row.ts), start, query.periodS);
    const key = query.byUnit ? `${timestamp}/${row.unit}` : String(timestamp);
    const group = groups.get(key) ?? { timestamp, unit: row.unit, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    timestamp: g.timestamp,
    unit: g.unit,
    aggregate: aggregate(g.rows),
  }));
}
