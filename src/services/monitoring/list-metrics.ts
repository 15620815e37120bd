// ListMetrics: metrics that have received data, filtered by namespace, name, dimensions (a name
// alone matches any value) and RecentlyActive (PT3H: data put within the past three hours),
// 500 per page.
import type {
  DimensionFilter,
  ListMetricsInput,
  ListMetricsOutput,
  Metric,
} from '@aws-sdk/client-cloudwatch';
import type { OperationHandler } from '../../core/service.js';
import { LIST_PAGE_SIZE, RECENTLY_ACTIVE_MS } from './constants.js';
import { invalidNextToken, invalidParameterValue, invalidValue } from './errors.js';
import { dimensionsFromKey } from './metric.js';
import { listMetricRows, type MetricRow } from './store-metrics.js';

export const ListMetrics: OperationHandler<ListMetricsInput, ListMetricsOutput> = async (ctx, input) => {
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H')
    throw invalidValue('RecentlyActive', input.RecentlyActive);
  const filters = input.Dimensions ?? [];
  if (filters.length > 10)
    throw invalidParameterValue('The collection Dimensions must not have a size greater than 10.');
  const rows = await listMetricRows(
    ctx.storage.db,
    { accountId: ctx.accountId, region: ctx.region },
    {
      namespace: input.Namespace ?? null,
      metricName: input.MetricName ?? null,
      activeSince: input.RecentlyActive ? ctx.clock.now() - RECENTLY_ACTIVE_MS : null,
    },
  );
  const matching = rows
    .map((row) => ({ sortKey: sortKey(row), metric: toMetric(row) }))
    .filter(({ metric }) => matches(metric, filters))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
  const rest = after === undefined ? matching : matching.filter((m) => m.sortKey > after);
  const page = rest.slice(0, LIST_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    Metrics: page.map((m) => m.metric),
    NextToken: rest.length > LIST_PAGE_SIZE && last ? encodeToken(last.sortKey) : undefined,
  };
};

function sortKey(row: MetricRow): string {
  return JSON.stringify([row.namespace, row.metric_name, row.dims_key]);
}

function toMetric(row: MetricRow): Metric {
  return {
    Namespace: row.namespace,
    MetricName: row.metric_name,
    Dimensions: dimensionsFromKey(row.dims_key),
  };
}

/** Every filter must name a dimension of the metric, with that value when one is given. */
function matches(metric: Metric, filters: DimensionFilter[]): boolean {
  return filters.every((f) =>
    (metric.Dimensions ?? []).some(
      (d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value),
    ),
  );
}

function encodeToken(sortKey: string): string {
  return Buffer.from(sortKey).toString('base64url');
}

function decodeToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString();
  try {
    if (Array.isArray(JSON.parse(key))) return key;
  } catch {
    // falls through to the error
  }
  throw invalidNextToken();
}
