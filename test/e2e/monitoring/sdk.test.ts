import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';

/** Current SDK v3 CloudWatch clients speak JSON 1.0 (awsQueryCompatible), not query. */
for (const storage of storages()) {
  describe(`CloudWatch through @aws-sdk/client-cloudwatch (${storage})`, () => {
    let nubis: NubisProcess;
    let cloudwatch: CloudWatchClient;
    before(async () => {
      nubis = await startNubis({ storage });
      cloudwatch = new CloudWatchClient(sdkConfig(nubis.endpoint));
    });
    after(() => nubis.stop());

    test('puts data and reads statistics, series and metric lists', async () => {
      const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);
      const dimensions = [{ Name: 'Service', Value: 'checkout' }];
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'Shop',
          MetricData: [
            {
              MetricName: 'Latency',
              Dimensions: dimensions,
              Timestamp: at,
              Values: [10, 20, 30],
              Unit: 'Milliseconds',
            },
            { MetricName: 'Latency', Dimensions: dimensions, Timestamp: at, Value: 40, Unit: 'Milliseconds' },
          ],
        }),
      );
      const stats = await cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'Shop',
          MetricName: 'Latency',
          Dimensions: dimensions,
          StartTime: new Date(at.getTime() - 60_000),
          EndTime: new Date(at.getTime() + 60_000),
          Period: 60,
          Statistics: ['Sum', 'Average', 'SampleCount', 'Maximum'],
        }),
      );
      assert.equal(stats.Label, 'Latency');
      assert.equal(stats.Datapoints?.length, 1);
      const [point] = stats.Datapoints!;
      assert.equal(point?.Sum, 100);
      assert.equal(point?.Average, 25);
      assert.equal(point?.SampleCount, 4);
      assert.equal(point?.Maximum, 40);
      assert.equal(point?.Timestamp?.getTime(), at.getTime());

      const data = await cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(at.getTime() - 60_000),
          EndTime: new Date(at.getTime() + 60_000),
          MetricDataQueries: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: { Namespace: 'Shop', MetricName: 'Latency', Dimensions: dimensions },
                Period: 60,
                Stat: 'Sum',
              },
              ReturnData: false,
            },
            { Id: 'doubled', Expression: 'm1 * 2' },
          ],
        }),
      );
      assert.deepEqual(
        data.MetricDataResults?.map((result) => [result.Id, result.Values]),
        [['doubled', [200]]],
      );

      const { Metrics } = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'Shop' }));
      assert.deepEqual(Metrics, [{ Namespace: 'Shop', MetricName: 'Latency', Dimensions: dimensions }]);
    });

    test('errors arrive as the SDK’s exceptions', async () => {
      await assert.rejects(
        cloudwatch.send(
          new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: [{ MetricName: 'x', Value: 1 }] }),
        ),
        (error: any) => {
          assert.equal(error.$metadata.httpStatusCode, 400);
          assert.match(error.name, /InvalidParameterValue/);
          assert.match(error.message, /AWS\/Lambda/);
          return true;
        },
      );
    });
  });
}
