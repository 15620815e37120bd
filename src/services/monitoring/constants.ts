// CloudWatch's documented limits and enumerations (API reference: PutMetricData, MetricDatum,
// GetMetricStatistics, GetMetricData, ListMetrics).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** PutMetricData: up to 1,000 MetricDatum entries per request. */
export const MAX_METRIC_DATA = 1000;
/** MetricDatum.Dimensions: at most 30 items. */
export const MAX_DIMENSIONS = 30;
/** MetricDatum.Values: up to 150 unique values per datum. */
export const MAX_VALUES_PER_DATUM = 150;
/** Timestamps may be up to two weeks old and up to two hours in the future. */
export const MAX_PAST_MS = 14 * DAY_MS;
export const MAX_FUTURE_MS = 2 * HOUR_MS;
/** Values must lie within -2^360..2^360 (CloudWatch rejects larger magnitudes). */
export const MAX_ABS_VALUE = 2 ** 360;

/** GetMetricStatistics answers at most 1,440 datapoints. */
export const MAX_DATAPOINTS = 1440;
/** Periods under a minute (high resolution) must be one of these. */
export const HIGH_RESOLUTION_PERIODS_S = [1, 5, 10, 20, 30];
/** GetMetricData: up to 500 MetricDataQuery structures; 100,800 datapoints per page by default. */
export const MAX_METRIC_DATA_QUERIES = 500;
export const DEFAULT_MAX_DATAPOINTS = 100_800;
/** ListMetrics: 500 results per page; RecentlyActive PT3H means the past three hours. */
export const LIST_PAGE_SIZE = 500;
export const RECENTLY_ACTIVE_MS = 3 * HOUR_MS;

export const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type Statistic = (typeof STATISTICS)[number];

export const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);
