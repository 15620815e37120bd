// StartSyncExecution from the AWS CLI and boto3, which address it to the `sync-` prefixed host as
// they do on AWS: with the name resolving to this machine (a hosts entry; .ci/run adds it),
// Nubis serves the request unchanged.
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { after, before, describe, test } from 'node:test';
import { awsCli, clientEnv, PYTHON, run } from '../../support/clients.js';
import { startNubis, type NubisProcess } from '../../support/nubis.js';

const SYNC_HOST = 'sync-127.0.0.1';
const resolves = await lookup(SYNC_HOST).then(
  ({ address }) => address === '127.0.0.1',
  () => false,
);
const skip = !resolves && `${SYNC_HOST} does not resolve: add "127.0.0.1 ${SYNC_HOST}" to /etc/hosts`;

const PASS = JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });

describe('StartSyncExecution through the sync- host', { skip }, () => {
  let nubis: NubisProcess;
  let machineArn: string;
  before(async () => {
    nubis = await startNubis();
    const created = await awsCli(
      nubis.endpoint,
      ...['stepfunctions', 'create-state-machine', '--name', 'echo', '--type', 'EXPRESS'],
      ...['--role-arn', 'arn:aws:iam::000000000000:role/x', '--definition', PASS, '--output', 'json'],
    );
    machineArn = JSON.parse(created).stateMachineArn;
  });
  after(() => nubis.stop());

  test('the AWS CLI', async () => {
    const answer = JSON.parse(
      await awsCli(
        nubis.endpoint,
        ...['stepfunctions', 'start-sync-execution', '--state-machine-arn', machineArn],
        ...['--input', '{"from":"cli"}', '--output', 'json'],
      ),
    );
    assert.equal(answer.status, 'SUCCEEDED');
    assert.equal(answer.output, '{"from":"cli"}');
  });

  test('boto3', async () => {
    const script = [
      'import boto3, sys',
      "sfn = boto3.client('stepfunctions', endpoint_url=sys.argv[1])",
      'answer = sfn.start_sync_execution(stateMachineArn=sys.argv[2], input=\'{"from":"boto3"}\')',
      "print(answer['status'], answer['output'])",
    ].join('\n');
    const { stdout } = await run(PYTHON, ['-c', script, nubis.endpoint, machineArn], { env: clientEnv() });
    assert.equal(stdout.trim(), 'SUCCEEDED {"from":"boto3"}');
  });
});
