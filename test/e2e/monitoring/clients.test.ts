// Debian's AWS CLI (2.9) and boto3 (1.26) speak CloudWatch's query protocol (sdk.test.ts covers
// the SDK v3 client, which speaks awsJson1_0).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { awsCli, clientEnv, PYTHON, run } from '../../support/clients.js';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const SCRIPT = fileURLToPath(new URL('../../../../test/e2e/monitoring/boto3_cloudwatch.py', import.meta.url));

for (const storage of storages()) {
  describe(`AWS CLI and boto3 against CloudWatch (${storage})`, () => {
    let nubis: NubisProcess;
    const aws = async (...args: string[]) => {
      const stdout = await awsCli(nubis.endpoint, '--output', 'json', ...args);
      return stdout.trim() ? JSON.parse(stdout) : {};
    };
    before(async () => (nubis = await startNubis({ storage })));
    after(() => nubis.stop());

    test('the CLI puts, lists and reads statistics', async () => {
      const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const args = ['--namespace', 'Cli', '--metric-name', 'Requests', '--dimensions', 'Api=orders'];
      await aws(
        'cloudwatch',
        'put-metric-data',
        ...args,
        '--value',
        '3',
        '--unit',
        'Count',
        '--timestamp',
        now.toISOString(),
      );
      await aws(
        'cloudwatch',
        'put-metric-data',
        ...args,
        '--value',
        '5',
        '--unit',
        'Count',
        '--timestamp',
        now.toISOString(),
      );
      const listed = await aws('cloudwatch', 'list-metrics', '--namespace', 'Cli');
      assert.deepEqual(listed.Metrics, [
        { Namespace: 'Cli', MetricName: 'Requests', Dimensions: [{ Name: 'Api', Value: 'orders' }] },
      ]);
      const stats = await aws(
        'cloudwatch',
        'get-metric-statistics',
        ...args.slice(0, 4),
        '--dimensions',
        'Name=Api,Value=orders',
        '--start-time',
        new Date(now.getTime() - 600_000).toISOString(),
        '--end-time',
        new Date(now.getTime() + 60_000).toISOString(),
        '--period',
        '60',
        '--statistics',
        'Sum',
        'Average',
      );
      assert.deepEqual(
        stats.Datapoints.map((d: { Sum: number; Average: number; Unit: string }) => [
          d.Sum,
          d.Average,
          d.Unit,
        ]),
        [[8, 4, 'Count']],
      );
    });

    test('boto3 puts and reads metric data', async () => {
      const { stdout } = await run(PYTHON, [SCRIPT, nubis.endpoint], { env: clientEnv() });
      assert.equal(stdout.trim(), 'ok');
    });
  });
}
