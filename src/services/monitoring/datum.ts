// Reading one MetricDatum into what is stored: AWS's checks (MetricDatum, StatisticSet) in its words.
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  MAX_ABS_VALUE,
  MAX_DIMENSIONS,
  MAX_FUTURE_MS,
  MAX_PAST_MS,
  MAX_VALUES_PER_DATUM,
  UNITS,
} from './constants.js';
import {
  invalidParameterCombination,
  invalidParameterValue,
  invalidValue,
  mutuallyExclusive,
} from './errors.js';
import type { NewDatapoint } from './store-metrics.js';

/** The statistics of one datum plus its raw values ([value, count] pairs) when percentiles can use them. */
type Summary = Pick<NewDatapoint, 'sample_count' | 'sum' | 'min' | 'max' | 'vals'>;

export function readDatum(datum: MetricDatum, index: number, now: number): NewDatapoint {
  const name = `MetricData.member.${index + 1}`;
  if ((datum.Dimensions?.length ?? 0) > MAX_DIMENSIONS)
    throw invalidParameterValue(
      `The collection ${name}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`,
    );
  const unit = datum.Unit ?? 'None';
  if (!UNITS.has(unit)) throw invalidValue(`${name}.Unit`, unit);
  const resolution = datum.StorageResolution ?? 60;
  if (resolution !== 1 && resolution !== 60) throw invalidValue(`${name}.StorageResolution`, resolution);
  const ts = readTimestamp(datum.Timestamp, name, now);
  // Standard-resolution data is stored per minute, high-resolution data per second.
  const step = resolution * 1000;
  return { ts: Math.floor(ts / step) * step, unit, resolution, ...summarize(datum, name) };
}

function readTimestamp(value: Date | string | number | undefined, name: string, now: number): number {
  if (value === undefined) return now;
  const ts = new Date(value).getTime();
  if (Number.isNaN(ts)) throw invalidValue(`${name}.Timestamp`, value);
  if (ts < now - MAX_PAST_MS)
    throw invalidParameterValue(
      `The parameter ${name}.Timestamp must specify a time within the past two weeks.`,
    );
  if (ts > now + MAX_FUTURE_MS)
    throw invalidParameterValue(
      `The parameter ${name}.Timestamp must specify a time no more than two hours in the future.`,
    );
  return ts;
}

/** Value, Values (with Counts) and StatisticValues are mutually exclusive; one is required. */
function summarize(datum: MetricDatum, name: string): Summary {
  const given = (['Value', 'Values', 'StatisticValues'] as const).filter((k) => datum[k] !== undefined);
  if (given.length > 1) throw mutuallyExclusive(`${name}.${given[0]}`, `${name}.${given[1]}`);
  if (datum.Counts !== undefined && datum.Values === undefined)
    throw invalidParameterCombination(`The parameter ${name}.Counts requires ${name}.Values.`);
  if (datum.Value !== undefined) return fromValues([checked(datum.Value, `${name}.Value`)], [1]);
  if (datum.Values !== undefined) return summarizeValues(datum, name);
  if (datum.StatisticValues !== undefined) return summarizeSet(datum.StatisticValues, name);
  throw invalidParameterCombination(
    `At least one of the parameters ${name}.Value, ${name}.Values or ${name}.StatisticValues must be specified.`,
  );
}

function summarizeValues(datum: MetricDatum, name: string): Summary {
  const values = (datum.Values ?? []).map((v, i) => checked(v, `${name}.Values.member.${i + 1}`));
  if (values.length > MAX_VALUES_PER_DATUM)
    throw invalidParameterValue(
      `The collection ${name}.Values must not have a size greater than ${MAX_VALUES_PER_DATUM}.`,
    );
  const counts = datum.Counts ?? values.map(() => 1);
  if (counts.length !== values.length)
    throw invalidParameterValue(`The parameters ${name}.Values and ${name}.Counts must be of the same size.`);
  counts.forEach((c, i) => {
    if (!Number.isFinite(c) || c < 0) throw invalidValue(`${name}.Counts.member.${i + 1}`, c);
  });
  if (values.length === 0) throw invalidValue(`${name}.Values`, '[]');
  return fromValues(values, counts);
}

function fromValues(values: number[], counts: number[]): Summary {
  const pairs = values.map((v, i) => [v, counts[i] ?? 1] as [number, number]).filter(([, c]) => c > 0);
  const weighted = pairs.length > 0 ? pairs : values.map((v) => [v, 0] as [number, number]);
  return {
    sample_count: pairs.reduce((n, [, c]) => n + c, 0),
    sum: pairs.reduce((s, [v, c]) => s + v * c, 0),
    min: Math.min(...weighted.map(([v]) => v)),
    max: Math.max(...weighted.map(([v]) => v)),
    vals: JSON.stringify(pairs),
  };
}

/** A statistic set keeps percentiles only when SampleCount is 1 or Minimum equals Maximum. */
function summarizeSet(set: NonNullable<MetricDatum['StatisticValues']>, name: string): Summary {
  const member = `${name}.StatisticValues`;
  const sample_count = checked(set.SampleCount, `${member}.SampleCount`);
  const sum = checked(set.Sum, `${member}.Sum`);
  const min = checked(set.Minimum, `${member}.Minimum`);
  const max = checked(set.Maximum, `${member}.Maximum`);
  if (sample_count <= 0) throw invalidValue(`${member}.SampleCount`, sample_count);
  if (max < min)
    throw invalidParameterValue(
      `The parameter ${member}.Maximum must be greater than or equal to ${member}.Minimum.`,
    );
  const exact = sample_count === 1 || min === max;
  return { sample_count, sum, min, max, vals: exact ? JSON.stringify([[min, sample_count]]) : null };
}

/** NaN, infinities and magnitudes beyond 2^360 are rejected. */
function checked(value: number | undefined, name: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_VALUE) throw invalidValue(name, value);
  return v;
}
