import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NUBIS_MAIN, startNubis, storages, type NubisProcess } from '../../support/nubis.js';

for (const storage of storages()) {
  describe(`nubis start (${storage})`, () => {
    let nubis: NubisProcess;
    before(async () => (nubis = await startNubis({ storage })));
    after(() => nubis.stop());

    test('prints the ready line and answers the health route', async () => {
      assert.match(nubis.output(), /^nubis ready on http:\/\/127\.0\.0\.1:\d+$/m);
      const response = await fetch(`${nubis.endpoint}/_nubis/health`);
      assert.equal(response.status, 200);
      const health = (await response.json()) as Record<string, any>;
      assert.equal(health['status'], 'ready');
      assert.equal(health['storage'], storage);
      assert.match(health['version'], /^\d+\.\d+\.\d+/);
      assert.equal(health['services'].sqs, 'available');
      assert.equal(health['services'].sts, 'available');
      assert.equal(health['services'].lambda, 'available');
      assert.equal(health['services'].states, 'available');
      assert.equal(health['services'].sns, 'not-implemented');
    });

    test('unknown internal routes are 404 under /_nubis/', async () => {
      const response = await fetch(`${nubis.endpoint}/_nubis/nothing`);
      assert.equal(response.status, 404);
    });

    test('every response carries a request id', async () => {
      const health = await fetch(`${nubis.endpoint}/_nubis/health`);
      assert.match(health.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
      // A request no rule identifies is answered by the bare endpoint's service, DynamoDB, with
      // DynamoDB's own request-id format.
      const unknown = await fetch(`${nubis.endpoint}/nowhere`, { method: 'POST' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.headers.get('x-amzn-requestid') ?? '', /^[0-9A-Z]{52}$/);
    });

    test('answers CORS pre-flights so browser SDKs work', async () => {
      const response = await fetch(`${nubis.endpoint}/`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://app.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,x-amz-date,x-amz-target',
        },
      });
      // Pre-flights carry no signature: the bare endpoint answers them as DynamoDB does.
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.equal(
        response.headers.get('access-control-allow-headers'),
        'authorization,content-type,x-amz-date,x-amz-target',
      );
      const health = await fetch(`${nubis.endpoint}/_nubis/health`, {
        headers: { Origin: 'http://app.example' },
      });
      assert.equal(health.headers.get('access-control-allow-origin'), 'http://app.example');
      assert.match(health.headers.get('access-control-expose-headers') ?? '', /x-amzn-RequestId/);
    });
  });
}

describe('nubis start stops cleanly', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`on ${signal}`, async () => {
      const nubis = await startNubis();
      nubis.child.kill(signal);
      const [code, killedBy] = await new Promise<[number | null, string | null]>((resolve) =>
        nubis.child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
      );
      assert.equal(code, 0, `exit ${code} ${killedBy}: ${nubis.output()}`);
      assert.match(nubis.output(), new RegExp(`${signal} received`));
      await nubis.stop();
    });
  }

  test('refuses bad flags with exit code 2 and the usage', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-test-'));
    try {
      const child = spawn(process.execPath, [
        NUBIS_MAIN,
        'start',
        '--storage',
        'nope',
        '--data-dir',
        dataDir,
      ]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 2);
      assert.match(stderr, /--storage must be sqlite or postgres/);
      assert.match(stderr, /Usage: nubis start/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
