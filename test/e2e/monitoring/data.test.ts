// GetMetricData (metric stats, simple math, ScanBy, paging) and ListMetrics over the query protocol.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storages } from '../../support/nubis.js';
import { T0, all, dataResults, dimensions, first, iso, useMonitoring } from './support.js';

const MIN = 60_000;

for (const storage of storages()) {
  describe(`CloudWatch GetMetricData and ListMetrics (${storage})`, () => {
    const f = useMonitoring(storage);
    const stat = (n: number, id: string, name: string) => ({
      [`MetricDataQueries.member.${n}.Id`]: id,
      [`MetricDataQueries.member.${n}.MetricStat.Metric.Namespace`]: 'Data',
      [`MetricDataQueries.member.${n}.MetricStat.Metric.MetricName`]: name,
      [`MetricDataQueries.member.${n}.MetricStat.Period`]: 60,
      [`MetricDataQueries.member.${n}.MetricStat.Stat`]: 'Sum',
    });
    const expression = (n: number, id: string, text: string) => ({
      [`MetricDataQueries.member.${n}.Id`]: id,
      [`MetricDataQueries.member.${n}.Expression`]: text,
    });
    const range = { StartTime: iso(T0 - 10 * MIN), EndTime: iso(T0) };

    test('metric stats and simple math, newest first by default', async () => {
      const put = await f.call('PutMetricData', {
        Namespace: 'Data',
        'MetricData.member.1.MetricName': 'A',
        'MetricData.member.1.Timestamp': iso(T0 - 3 * MIN),
        'MetricData.member.1.Value': 1,
        'MetricData.member.2.MetricName': 'A',
        'MetricData.member.2.Timestamp': iso(T0 - 2 * MIN),
        'MetricData.member.2.Value': 2,
        'MetricData.member.3.MetricName': 'B',
        'MetricData.member.3.Timestamp': iso(T0 - 2 * MIN),
        'MetricData.member.3.Value': 10,
      });
      assert.equal(put.status, 200, put.text);
      const got = await f.call('GetMetricData', {
        ...range,
        ...stat(1, 'm1', 'A'),
        ...stat(2, 'm2', 'B'),
        'MetricDataQueries.member.2.ReturnData': 'false',
        ...expression(3, 'sum', 'm1 + m2'),
        ...expression(4, 'double', 'm1 * 2'),
        ...expression(5, 'total', 'SUM([m1, m2])'),
        'MetricDataQueries.member.5.Label': 'Total',
        ...expression(6, 'peak', 'MAX([m1, m2]) - MIN([m1, m2])'),
      });
      assert.equal(got.status, 200, got.text);
      const results = dataResults(got.text);
      assert.deepEqual(
        results.map((r) => [first(r, 'Id'), first(r, 'Label'), first(r, 'StatusCode')]),
        [
          ['m1', 'A', 'Complete'],
          ['sum', 'sum', 'Complete'],
          ['double', 'double', 'Complete'],
          ['total', 'Total', 'Complete'],
          ['peak', 'peak', 'Complete'],
        ],
      );
      const values = results.map((r) =>
        all(r.replace(/<Timestamps>[\s\S]*?<\/Timestamps>/, ''), 'member').map(Number),
      );
      assert.deepEqual(values, [[2, 1], [12], [4, 2], [12, 1], [8, 0]]);
      assert.deepEqual(all(/<Timestamps>([\s\S]*?)<\/Timestamps>/.exec(results[0]!)?.[1] ?? '', 'member'), [
        iso(T0 - 2 * MIN),
        iso(T0 - 3 * MIN),
      ]);
    });

    test('ScanBy ascending, MaxDatapoints and NextToken', async () => {
      const page1 = await f.call('GetMetricData', {
        ...range,
        ...stat(1, 'm1', 'A'),
        ScanBy: 'TimestampAscending',
        MaxDatapoints: 1,
      });
      const result1 = dataResults(page1.text)[0]!;
      assert.equal(first(result1, 'StatusCode'), 'PartialData');
      const token = first(page1.text, 'NextToken');
      assert.ok(token);
      const page2 = await f.call('GetMetricData', {
        ...range,
        ...stat(1, 'm1', 'A'),
        ScanBy: 'TimestampAscending',
        MaxDatapoints: 1,
        NextToken: token,
      });
      const result2 = dataResults(page2.text)[0]!;
      assert.equal(first(result2, 'StatusCode'), 'Complete');
      assert.equal(first(page2.text, 'NextToken'), undefined);
      assert.deepEqual(
        [result1, result2].map((r) =>
          Number(first(r.replace(/<Timestamps>[\s\S]*?<\/Timestamps>/, ''), 'member')),
        ),
        [1, 2],
      );
    });

    test('bad ids and unsupported expressions answer ValidationError', async () => {
      const badId = await f.call('GetMetricData', { ...range, ...stat(1, 'M1', 'A') });
      assert.equal(badId.status, 400);
      assert.equal(first(badId.text, 'Code'), 'ValidationError');
      const bad = await f.call('GetMetricData', {
        ...range,
        ...stat(1, 'm1', 'A'),
        ...expression(2, 'e1', 'FILL(m1, 0)'),
      });
      assert.equal(first(bad.text, 'Code'), 'ValidationError');
      assert.equal(first(bad.text, 'Message'), "Error in expression e1: Unsupported function 'FILL'");
      const unknown = await f.call('GetMetricData', { ...range, ...expression(1, 'e1', 'm9 + 1') });
      assert.equal(
        first(unknown.text, 'Message'),
        "Error in expression e1: Unrecognized metric or expression id 'm9'",
      );
    });

    test('ListMetrics filters by namespace, name, dimensions and recent activity', async () => {
      await f.call('PutMetricData', {
        Namespace: 'List',
        'MetricData.member.1.MetricName': 'Old',
        ...dimensions('MetricData.member.1.Dimensions', { Fn: 'a' }),
        'MetricData.member.1.Value': 1,
      });
      await f.nubis.advanceClock(4 * 60 * MIN);
      await f.call('PutMetricData', {
        Namespace: 'List',
        'MetricData.member.1.MetricName': 'New',
        ...dimensions('MetricData.member.1.Dimensions', { Fn: 'b', Stage: 'prod' }),
        'MetricData.member.1.Value': 1,
      });
      const names = async (params: Record<string, string>) =>
        all((await f.call('ListMetrics', { Namespace: 'List', ...params })).text, 'MetricName');
      assert.deepEqual(await names({}), ['New', 'Old']);
      assert.deepEqual(await names({ MetricName: 'Old' }), ['Old']);
      assert.deepEqual(await names({ 'Dimensions.member.1.Name': 'Fn' }), ['New', 'Old']);
      assert.deepEqual(await names({ 'Dimensions.member.1.Name': 'Fn', 'Dimensions.member.1.Value': 'a' }), [
        'Old',
      ]);
      assert.deepEqual(await names({ 'Dimensions.member.1.Name': 'Stage' }), ['New']);
      assert.deepEqual(await names({ RecentlyActive: 'PT3H' }), ['New']);
      const listed = await f.call('ListMetrics', { Namespace: 'List', MetricName: 'New' });
      assert.deepEqual(all(listed.text, 'Name'), ['Fn', 'Stage']);
    });
  });
}
