import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateMetricData } from '../../../src/services/lambda/metric-aggregation.js';

const dims = [{ Name: 'FunctionName', Value: 'f' }];
const at = (ms: number, name: string, value: number, unit = 'Count') => ({
  MetricName: name,
  Dimensions: dims,
  Timestamp: new Date(ms),
  Value: value,
  Unit: unit,
});

test('data of one metric, dimensions, unit and minute become distinct values with counts', () => {
  const aggregated = aggregateMetricData([
    at(1_000, 'Invocations', 1),
    at(2_000, 'Invocations', 1),
    at(3_000, 'Errors', 0),
    at(4_000, 'Errors', 1),
    at(5_000, 'Errors', 0),
    at(61_000, 'Invocations', 1),
  ]);
  assert.deepEqual(
    aggregated.map(({ MetricName, Timestamp, Values, Counts }) => [
      MetricName,
      Timestamp.getTime(),
      Values,
      Counts,
    ]),
    [
      ['Invocations', 1_000, [1], [2]],
      ['Errors', 3_000, [0, 1], [2, 1]],
      ['Invocations', 61_000, [1], [1]],
    ],
  );
});

test('more than 150 distinct values are split across data, as PutMetricData requires', () => {
  const durations = Array.from({ length: 301 }, (_, i) => at(0, 'Duration', i + 0.5, 'Milliseconds'));
  const aggregated = aggregateMetricData(durations);
  assert.deepEqual(
    aggregated.map((datum) => datum.Values.length),
    [150, 150, 1],
  );
  assert.equal(
    aggregated.flatMap((datum) => datum.Counts).reduce((a, b) => a + b),
    301,
  );
});
