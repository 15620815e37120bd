// PutMetricData and GetMetricStatistics over the query protocol: exact statistics, alignment,
// dimension matching and AWS's errors, on both storages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storages } from '../../support/nubis.js';
import { T0, all, dimensions, first, iso, members, useMonitoring } from './support.js';

const MIN = 60_000;

for (const storage of storages()) {
  describe(`CloudWatch PutMetricData and GetMetricStatistics (${storage})`, () => {
    const f = useMonitoring(storage);
    const put = (params: Record<string, string | number>) => f.call('PutMetricData', params);
    const stats = (params: Record<string, string | number>) =>
      f.call('GetMetricStatistics', {
        StartTime: iso(T0 - 60 * MIN),
        EndTime: iso(T0),
        Period: 60,
        'Statistics.member.1': 'SampleCount',
        'Statistics.member.2': 'Sum',
        'Statistics.member.3': 'Average',
        'Statistics.member.4': 'Minimum',
        'Statistics.member.5': 'Maximum',
        ...params,
      });

    test('values, counts, statistic sets and percentiles are computed exactly', async () => {
      const at = iso(T0 - 10 * MIN + 5_000);
      const ok = await put({
        Namespace: 'Math',
        'MetricData.member.1.MetricName': 'Latency',
        'MetricData.member.1.Unit': 'Milliseconds',
        'MetricData.member.1.Timestamp': at,
        'MetricData.member.1.Values.member.1': 10,
        'MetricData.member.1.Values.member.2': 20,
        'MetricData.member.1.Values.member.3': 40,
        'MetricData.member.1.Counts.member.1': 5,
        'MetricData.member.1.Counts.member.2': 4,
        'MetricData.member.1.Counts.member.3': 1,
        'MetricData.member.2.MetricName': 'Latency',
        'MetricData.member.2.Unit': 'Milliseconds',
        'MetricData.member.2.Timestamp': at,
        'MetricData.member.2.Value': 100,
      });
      assert.equal(ok.status, 200, ok.text);
      const got = await stats({
        Namespace: 'Math',
        MetricName: 'Latency',
        'ExtendedStatistics.member.1': 'p50',
        'ExtendedStatistics.member.2': 'p90',
        'ExtendedStatistics.member.3': 'p100',
      });
      assert.equal(got.status, 200, got.text);
      const points = members(got.text, 'Datapoints');
      assert.equal(points.length, 1);
      const point = points[0]!;
      // 10×5 + 20×4 + 40 + 100 = 270 over 11 samples.
      assert.equal(first(point, 'Timestamp'), iso(T0 - 10 * MIN));
      assert.equal(Number(first(point, 'SampleCount')), 11);
      assert.equal(Number(first(point, 'Sum')), 270);
      assert.equal(Number(first(point, 'Average')), 270 / 11);
      assert.equal(Number(first(point, 'Minimum')), 10);
      assert.equal(Number(first(point, 'Maximum')), 100);
      assert.equal(first(point, 'Unit'), 'Milliseconds');
      // Nearest rank: p50 → 6th of 11 (20), p90 → 10th (40), p100 → the maximum.
      assert.deepEqual(all(point, 'key'), ['p50', 'p90', 'p100']);
      assert.deepEqual(all(point, 'value').map(Number), [20, 40, 100]);
    });

    test('a statistic set adds exactly, and hides percentiles unless its values are known', async () => {
      await put({
        Namespace: 'Sets',
        'MetricData.member.1.MetricName': 'Bytes',
        'MetricData.member.1.Timestamp': iso(T0 - 5 * MIN),
        'MetricData.member.1.StatisticValues.SampleCount': 4,
        'MetricData.member.1.StatisticValues.Sum': 30,
        'MetricData.member.1.StatisticValues.Minimum': 3,
        'MetricData.member.1.StatisticValues.Maximum': 12,
      });
      const got = await stats({
        Namespace: 'Sets',
        MetricName: 'Bytes',
        'ExtendedStatistics.member.1': 'p50',
      });
      const point = members(got.text, 'Datapoints')[0]!;
      assert.equal(Number(first(point, 'Average')), 7.5);
      assert.equal(Number(first(point, 'Minimum')), 3);
      assert.deepEqual(all(point, 'key'), []);
    });

    test('datapoints fall in period buckets aligned on the rounded start time', async () => {
      for (const [offset, value] of [
        [30_000, 1],
        [90_000, 2],
        [150_000, 4],
        [299_000, 8],
      ] as const) {
        await put({
          Namespace: 'Align',
          'MetricData.member.1.MetricName': 'Hits',
          'MetricData.member.1.Timestamp': iso(T0 - 30 * MIN + offset),
          'MetricData.member.1.Value': value,
        });
      }
      // StartTime 12 s past the minute is rounded down to it; buckets of 120 s start there.
      const got = await stats({
        Namespace: 'Align',
        MetricName: 'Hits',
        StartTime: iso(T0 - 30 * MIN + 12_000),
        EndTime: iso(T0 - 30 * MIN + 240_000),
        Period: 120,
      });
      const points = members(got.text, 'Datapoints');
      assert.deepEqual(
        points.map((p) => [first(p, 'Timestamp'), Number(first(p, 'Sum'))]),
        [
          [iso(T0 - 30 * MIN), 3],
          [iso(T0 - 30 * MIN + 120_000), 4],
        ],
      );
      // EndTime is exclusive: the point at 299 s (stored at its minute, 240 s) is outside.
    });

    test('dimensions match exactly, in any order', async () => {
      await put({
        Namespace: 'Dims',
        'MetricData.member.1.MetricName': 'Calls',
        ...dimensions('MetricData.member.1.Dimensions', { Service: 'api', Stage: 'prod' }),
        'MetricData.member.1.Value': 5,
        'MetricData.member.2.MetricName': 'Calls',
        ...dimensions('MetricData.member.2.Dimensions', { Service: 'api' }),
        'MetricData.member.2.Value': 7,
      });
      const both = await stats({
        EndTime: iso(T0 + MIN),
        Namespace: 'Dims',
        MetricName: 'Calls',
        ...dimensions('Dimensions', { Stage: 'prod', Service: 'api' }),
      });
      assert.deepEqual(all(both.text, 'Sum').map(Number), [5]);
      const one = await stats({
        EndTime: iso(T0 + MIN),
        Namespace: 'Dims',
        MetricName: 'Calls',
        ...dimensions('Dimensions', { Service: 'api' }),
      });
      assert.deepEqual(all(one.text, 'Sum').map(Number), [7]);
      const none = await stats({ Namespace: 'Dims', MetricName: 'Calls', EndTime: iso(T0 + MIN) });
      assert.deepEqual(members(none.text, 'Datapoints'), []);
    });

    test('units are kept apart, and a Unit narrows the answer', async () => {
      await put({
        Namespace: 'Units',
        'MetricData.member.1.MetricName': 'Size',
        'MetricData.member.1.Unit': 'Bytes',
        'MetricData.member.1.Value': 1,
        'MetricData.member.2.MetricName': 'Size',
        'MetricData.member.2.Unit': 'Kilobytes',
        'MetricData.member.2.Value': 2,
      });
      const mixed = await stats({ Namespace: 'Units', MetricName: 'Size', EndTime: iso(T0 + MIN) });
      assert.deepEqual(all(mixed.text, 'Unit').sort(), ['Bytes', 'Kilobytes']);
      const bytes = await stats({
        Namespace: 'Units',
        MetricName: 'Size',
        EndTime: iso(T0 + MIN),
        Unit: 'Bytes',
      });
      assert.deepEqual(all(bytes.text, 'Sum').map(Number), [1]);
    });

    test('errors carry CloudWatch codes and messages', async () => {
      const cases: [Record<string, string | number>, string, string][] = [
        [
          { Namespace: 'AWS/EC2', 'MetricData.member.1.MetricName': 'x', 'MetricData.member.1.Value': 1 },
          'InvalidParameterValue',
          'The value AWS/EC2 for parameter Namespace is invalid.',
        ],
        [
          {
            Namespace: 'N',
            'MetricData.member.1.MetricName': 'x',
            'MetricData.member.1.Value': 1,
            'MetricData.member.1.Values.member.1': 2,
          },
          'InvalidParameterCombination',
          'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.',
        ],
        [
          {
            Namespace: 'N',
            'MetricData.member.1.MetricName': 'x',
            'MetricData.member.1.Value': 1,
            'MetricData.member.1.Unit': 'Apples',
          },
          'InvalidParameterValue',
          'The value Apples for parameter MetricData.member.1.Unit is invalid.',
        ],
        [
          {
            Namespace: 'N',
            'MetricData.member.1.MetricName': 'x',
            'MetricData.member.1.Value': 1,
            'MetricData.member.1.Timestamp': iso(T0 - 15 * 24 * 60 * MIN),
          },
          'InvalidParameterValue',
          'The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.',
        ],
        [
          {
            Namespace: 'N',
            'MetricData.member.1.MetricName': 'x',
            'MetricData.member.1.Value': 1,
            'MetricData.member.1.StorageResolution': 5,
          },
          'InvalidParameterValue',
          'The value 5 for parameter MetricData.member.1.StorageResolution is invalid.',
        ],
      ];
      for (const [params, code, message] of cases) {
        const answer = await put(params);
        assert.equal(answer.status, 400, answer.text);
        assert.equal(first(answer.text, 'Code'), code);
        assert.equal(first(answer.text, 'Message'), message);
      }
      const tooMany = await stats({ Namespace: 'N', MetricName: 'x', StartTime: iso(T0 - 1441 * MIN) });
      assert.equal(first(tooMany.text, 'Code'), 'InvalidParameterCombination');
      assert.equal(
        first(tooMany.text, 'Message'),
        'You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. ' +
          'You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
      );
      const period = await stats({ Namespace: 'N', MetricName: 'x', Period: 45 });
      assert.equal(first(period.text, 'Code'), 'InvalidParameterValue');
      assert.equal(first(period.text, 'Message'), 'The parameter Period must be a multiple of 60.');
      const missing = await f.call('GetMetricStatistics', { Namespace: 'N', MetricName: 'x' });
      assert.equal(missing.status, 400);
    });
  });
}
