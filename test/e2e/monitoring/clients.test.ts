// Debian's AWS CLI (2.9) and boto3 (1.26) speak CloudWatch's query protocol. (The SDK v3 client
// speaks awsJson1_0, which Nubis's monitoring model does not describe yet.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../../../test/e2e/monitoring/boto3_cloudwatch.py', import.meta.url));
const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_PAGER: '',
};

for (const storage of storages()) {
  describe(`AWS CLI and boto3 against CloudWatch (${storage})`, () => {
    let nubis: NubisProcess;
    const aws = async (...args: string[]) => {
      const { stdout } = await run(
        '/usr/bin/aws',
        ['--endpoint-url', nubis.endpoint, '--output', 'json', ...args],
        {
          env: ENV,
        },
      );
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
      const { stdout } = await run('/usr/bin/python3', [SCRIPT, nubis.endpoint], { env: ENV });
      assert.equal(stdout.trim(), 'ok');
    });
  });
}
