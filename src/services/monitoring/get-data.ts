// GetMetricData: metric queries (MetricStat) and simple metric math, ordered by ScanBy, paged by
// MaxDatapoints across all results (StatusCode PartialData while a result has more to come).
import type {
  GetMetricDataInput,
  GetMetricDataOutput,
  MetricDataQuery,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { RequestContext, OperationHandler } from '../../core/service.js';
import { DEFAULT_MAX_DATAPOINTS } from './constants.js';
import { checkQueries } from './data-queries.js';
import { invalidNextToken, invalidValue, validationError } from './errors.js';
import { evaluate, ExpressionError, type Series } from './expressions.js';
import { checkRange } from './periods.js';
import { readBuckets } from './series.js';
import { statistic } from './statistics.js';

export const GetMetricData: OperationHandler<GetMetricDataInput, GetMetricDataOutput> = async (
  ctx,
  input,
) => {
  const start = new Date(input.StartTime ?? NaN).getTime();
  const end = new Date(input.EndTime ?? NaN).getTime();
  checkRange(start, end);
  const queries = input.MetricDataQueries ?? [];
  checkQueries(queries);
  const scanBy = input.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw invalidValue('ScanBy', scanBy);
  const max = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (!Number.isInteger(max) || max < 1) throw invalidValue('MaxDatapoints', max);
  const offset = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
  const series = await computeSeries(ctx, queries, start, end);
  const results = queries
    .filter((q) => q.ReturnData !== false)
    .map((q) => toPoints(q, series.get(q.Id ?? '') ?? new Map(), scanBy));
  return paginate(results, offset, max);
};

async function computeSeries(
  ctx: RequestContext,
  queries: MetricDataQuery[],
  start: number,
  end: number,
): Promise<Map<string, Series>> {
  const series = new Map<string, Series>();
  for (const query of queries)
    if (query.MetricStat) series.set(query.Id!, await metricSeries(ctx, query, start, end));
  const byId = new Map(queries.map((q) => [q.Id!, q]));
  const evaluating = new Set<string>();
  const resolve = (id: string): Series => {
    const known = series.get(id);
    if (known) return known;
    const query = byId.get(id);
    if (!query?.Expression) throw new ExpressionError(`Unrecognized metric or expression id '${id}'`);
    if (evaluating.has(id)) throw new ExpressionError(`Circular reference through '${id}'`);
    evaluating.add(id);
    const value = evaluate(query.Expression, resolve);
    const result = typeof value === 'number' ? constantOver(series, value) : value;
    series.set(id, result);
    return result;
  };
  for (const query of queries) {
    if (query.Expression === undefined) continue;
    try {
      resolve(query.Id!);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      throw validationError(`Error in expression ${query.Id}: ${error.message}`);
    }
  }
  return series;
}

async function metricSeries(
  ctx: RequestContext,
  query: MetricDataQuery,
  start: number,
  end: number,
): Promise<Series> {
  const stat = query.MetricStat!;
  const buckets = await readBuckets(ctx, {
    namespace: stat.Metric!.Namespace!,
    metricName: stat.Metric!.MetricName!,
    dimensions: stat.Metric!.Dimensions,
    start,
    end,
    periodS: stat.Period!,
    unit: stat.Unit,
    byUnit: false,
  });
  const out: Series = new Map();
  for (const bucket of buckets) {
    const value = statistic(bucket.aggregate, stat.Stat!);
    if (value !== undefined) out.set(bucket.timestamp, value);
  }
  return out;
}

/** A scalar result stands at every timestamp the request's metrics have. */
function constantOver(series: Map<string, Series>, value: number): Series {
  const stamps = new Set([...series.values()].flatMap((s) => [...s.keys()]));
  return new Map([...stamps].map((ts) => [ts, value]));
}

interface Points {
  Id: string;
  Label: string;
  points: [number, number][];
}

function toPoints(query: MetricDataQuery, series: Series, scanBy: string): Points {
  const points = [...series.entries()].sort((a, b) => a[0] - b[0]);
  if (scanBy === 'TimestampDescending') points.reverse();
  const label = query.Label ?? query.MetricStat?.Metric?.MetricName ?? query.Id!;
  return { Id: query.Id!, Label: label, points };
}

/** Skips `offset` datapoints across the results in order, then answers up to `max` of them. */
function paginate(results: Points[], offset: number, max: number): GetMetricDataOutput {
  let skip = offset;
  let room = max;
  let more = false;
  const out: MetricDataResult[] = results.map((r) => {
    const from = Math.min(skip, r.points.length);
    skip -= from;
    const page = r.points.slice(from, from + room);
    room -= page.length;
    const partial = from + page.length < r.points.length;
    more ||= partial;
    return {
      Id: r.Id,
      Label: r.Label,
      Timestamps: page.map(([ts]) => new Date(ts)),
      Values: page.map(([, v]) => v),
      StatusCode: partial ? 'PartialData' : 'Complete',
    };
  });
  return { MetricDataResults: out, Messages: [], NextToken: more ? encodeToken(offset + max) : undefined };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the error
  }
  throw invalidNextToken();
}
