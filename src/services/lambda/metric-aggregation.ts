// Lambda's metrics are standard resolution (one minute), so the data an invocation queues are
// summed before they are written: per metric, dimensions, unit and minute, one datum of distinct
// Values with their Counts (PutMetricData takes up to 150 of each), which keeps every statistic
// CloudWatch computes, percentiles included. Under load one datum stands for many invocations.
import type { MetricDatum } from './telemetry.js';

/** PutMetricData's limit on a datum's Values and Counts. */
const MAX_VALUES_PER_DATUM = 150;
const MINUTE_MS = 60_000;

export interface AggregatedDatum {
  MetricName: string;
  Dimensions: MetricDatum['Dimensions'];
  Timestamp: Date;
  Unit: string;
  Values: number[];
  Counts: number[];
}

interface Aggregate {
  datum: MetricDatum;
  counts: Map<number, number>;
}

/** Names and values are AWS strings without NUL, so NUL separates the key's parts unambiguously. */
function keyOf(datum: MetricDatum): string {
  const minute = Math.floor(datum.Timestamp.getTime() / MINUTE_MS);
  let key = `${datum.MetricName}\0${datum.Unit}\0${minute}`;
  for (const dimension of datum.Dimensions) key += `\0${dimension.Name}\0${dimension.Value}`;
  return key;
}

export function aggregateMetricData(data: MetricDatum[]): AggregatedDatum[] {
  const aggregates = new Map<string, Aggregate>();
  for (const datum of data) {
    const key = keyOf(datum);
    const aggregate = aggregates.get(key) ?? { datum, counts: new Map<number, number>() };
    aggregate.counts.set(datum.Value, (aggregate.counts.get(datum.Value) ?? 0) + 1);
    aggregates.set(key, aggregate);
  }
  return [...aggregates.values()].flatMap(({ datum, counts }) => {
    const entries = [...counts];
    const result: AggregatedDatum[] = [];
    for (let start = 0; start < entries.length; start += MAX_VALUES_PER_DATUM) {
      const part = entries.slice(start, start + MAX_VALUES_PER_DATUM);
      result.push({
        MetricName: datum.MetricName,
        Dimensions: datum.Dimensions,
        Timestamp: datum.Timestamp,
        Unit: datum.Unit,
        Values: part.map(([value]) => value),
        Counts: part.map(([, count]) => count),
      });
    }
    return result;
  });
}
