// GetMetricStatistics: one metric (exact dimensions), statistics per period bucket, at most 1,440.
import type {
  Datapoint,
  GetMetricStatisticsInput,
  GetMetricStatisticsOutput,
} from '@aws-sdk/client-cloudwatch';
import type { OperationHandler } from '../../core/service.js';
import { MAX_DATAPOINTS, STATISTICS, UNITS } from './constants.js';
import { invalidParameterCombination, invalidValue, tooManyDatapoints } from './errors.js';
import { alignStart, bucketCount, checkPeriod, checkRange } from './periods.js';
import { readBuckets, type Bucket } from './series.js';
import { isPercentile, statistic } from './statistics.js';

export const GetMetricStatistics: OperationHandler<
  GetMetricStatisticsInput,
  GetMetricStatisticsOutput
> = async (ctx, input) => {
  const { statistics, extended } = readStatistics(input);
  if (input.Unit !== undefined && !UNITS.has(input.Unit)) throw invalidValue('Unit', input.Unit);
  const start = new Date(input.StartTime ?? NaN).getTime();
  const end = new Date(input.EndTime ?? NaN).getTime();
  checkRange(start, end);
  const periodS = checkPeriod(input.Period);
  const count = bucketCount(alignStart(start, periodS, ctx.clock.now()), end, periodS);
  if (count > MAX_DATAPOINTS) throw tooManyDatapoints(count);
  const buckets = await readBuckets(ctx, {
    namespace: input.Namespace ?? '',
    metricName: input.MetricName ?? '',
    dimensions: input.Dimensions,
    start,
    end,
    periodS,
    unit: input.Unit,
    byUnit: true,
  });
  return {
    Label: input.MetricName,
    Datapoints: buckets.map((bucket) => datapoint(bucket, statistics, extended)),
  };
};

function readStatistics(input: GetMetricStatisticsInput): { statistics: string[]; extended: string[] } {
  const statistics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (statistics.length === 0 && extended.length === 0)
    throw invalidParameterCombination('Must specify either Statistics or ExtendedStatistics.');
  statistics.forEach((s, i) => {
    if (!(STATISTICS as readonly string[]).includes(s)) throw invalidValue(`Statistics.member.${i + 1}`, s);
  });
  extended.forEach((s) => {
    if (!isPercentile(s)) throw invalidValue('ExtendedStatistics', s);
  });
  return { statistics, extended };
}

function datapoint(bucket: Bucket, statistics: string[], extended: string[]): Datapoint {
  const point: Record<string, unknown> = { Timestamp: new Date(bucket.timestamp), Unit: bucket.unit };
  for (const stat of statistics) point[stat] = statistic(bucket.aggregate, stat);
  if (extended.length > 0) {
    const values: Record<string, number> = {};
    for (const stat of extended) {
      const value = statistic(bucket.aggregate, stat);
      if (value !== undefined) values[stat] = value;
    }
    point['ExtendedStatistics'] = values;
  }
  return point as Datapoint;
}
