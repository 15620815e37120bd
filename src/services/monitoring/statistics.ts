// Statistics over stored datapoints (pure). Sums, counts, extremes are exact per datum; percentiles
// need the raw values: AWS computes them only when every datum kept its values (a statistic set
// with SampleCount 1 or Minimum = Maximum) and none is negative.
import type { DatapointRow } from './store-metrics.js';

export interface Aggregate {
  sampleCount: number;
  sum: number;
  min: number;
  max: number;
  /** [value, count] pairs, or null when some datum was a statistic set without its values. */
  values: [number, number][] | null;
}

export function aggregate(rows: DatapointRow[]): Aggregate {
  const result: Aggregate = { sampleCount: 0, sum: 0, min: Infinity, max: -Infinity, values: [] };
  for (const row of rows) {
    result.sampleCount += Number(row.sample_count);
    result.sum += Number(row.sum);
    result.min = Math.min(result.min, Number(row.min));
    result.max = Math.max(result.max, Number(row.max));
    if (result.values && row.vals !== null)
      result.values.push(...(JSON.parse(row.vals) as [number, number][]));
    else result.values = null;
  }
  return result;
}

/** `p99`, `p99.9`, `p50.25`, `p100`: AWS's percentile notation (up to two decimals). */
const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)$/;

export function isPercentile(stat: string): boolean {
  return PERCENTILE.test(stat);
}

export function isStatistic(stat: string): boolean {
  return ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'].includes(stat) || isPercentile(stat);
}

/** The value of one statistic, or undefined when AWS would not have it (a percentile without values). */
export function statistic(agg: Aggregate, stat: string): number | undefined {
  switch (stat) {
    case 'SampleCount':
      return agg.sampleCount;
    case 'Sum':
      return agg.sum;
    case 'Average':
      return agg.sampleCount > 0 ? agg.sum / agg.sampleCount : 0;
    case 'Minimum':
      return agg.min;
    case 'Maximum':
      return agg.max;
    default:
      return isPercentile(stat) ? percentile(agg.values, Number(stat.slice(1))) : undefined;
  }
}

/**
 * Nearest-rank percentile over weighted values: the smallest value whose cumulative count reaches
 * ceil(p/100 × N); p0 is the minimum.
 */
export function percentile(values: [number, number][] | null, p: number): number | undefined {
  if (!values || values.length === 0 || values.some(([v]) => v < 0)) return undefined;
  const sorted = [...values].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  const rank = Math.max(1, Math.ceil(Number(((p * total) / 100).toFixed(9))));
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (seen >= rank) return value;
  }
  return sorted[sorted.length - 1]?.[0];
}
