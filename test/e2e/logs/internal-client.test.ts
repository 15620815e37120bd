// Other services (Lambda writing `/aws/lambda/<fn>`) log through the platform's internal client:
// plain inputs, no wire codec. The same operations must work that way, on both storages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../src/core/clock.js';
import { createInternalClient } from '../../../src/core/internal-client.js';
import { ServiceRegistry } from '../../../src/core/registry.js';
import type { InternalClient, ServiceEnvironment } from '../../../src/core/service.js';
import { logs } from '../../../src/services/logs/index.js';
import { createStorage, type Storage } from '../../../src/storage/index.js';
import { storages } from '../../support/nubis.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { T0 } from './support.js';

const SCOPE = { accountId: '123456789012', region: 'eu-west-1' };

for (const kind of storages()) {
  describe(`CloudWatch Logs through the internal client (${kind})`, () => {
    let storage: Storage;
    let client: InternalClient;
    let dataDir: string;
    let database: TestDatabase | undefined;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'nubis-logs-'));
      database = kind === 'postgres' ? await createTestDatabase() : undefined;
      const clock = new ManualClock(T0);
      storage = await createStorage({ kind, dataDir, postgresUrl: database?.url, clock });
      const config = {
        host: '127.0.0.1',
        port: 0,
        dataDir,
        storage: kind,
        postgresUrl: database?.url,
        region: 'us-east-1',
        version: 'test',
      };
      const env: ServiceEnvironment = {
        storage,
        clock,
        config,
        client: createInternalClient(
          () => registry,
          () => env,
          () => 'http://127.0.0.1:0',
        ),
      };
      const registry = new ServiceRegistry([logs], env);
      client = env.client;
    });
    after(async () => {
      await storage?.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('CreateLogGroup, CreateLogStream, PutLogEvents, then read back', async () => {
      const group = '/aws/lambda/worker';
      const stream = '2026/03/01/[$LATEST]0123456789abcdef';
      await client.call('logs', 'CreateLogGroup', { logGroupName: group }, SCOPE);
      await client.call('logs', 'CreateLogStream', { logGroupName: group, logStreamName: stream }, SCOPE);
      const put = await client.call(
        'logs',
        'PutLogEvents',
        {
          logGroupName: group,
          logStreamName: stream,
          logEvents: [
            { timestamp: T0 - 2, message: 'START RequestId: r1 Version: $LATEST' },
            { timestamp: T0 - 1, message: 'END RequestId: r1' },
          ],
        },
        SCOPE,
      );
      assert.match(put.nextSequenceToken, /^\d{56}$/);
      const got = await client.call(
        'logs',
        'GetLogEvents',
        { logGroupName: group, logStreamName: stream },
        SCOPE,
      );
      assert.deepEqual(
        got.events.map((e: { message: string }) => e.message),
        ['START RequestId: r1 Version: $LATEST', 'END RequestId: r1'],
      );
      const described = await client.call(
        'logs',
        'DescribeLogGroups',
        { logGroupNamePrefix: '/aws/lambda/' },
        SCOPE,
      );
      assert.equal(described.logGroups[0].arn, `arn:aws:logs:eu-west-1:123456789012:log-group:${group}:*`);
      await assert.rejects(client.call('logs', 'CreateLogGroup', { logGroupName: group }, SCOPE), {
        code: 'ResourceAlreadyExistsException',
      });
    });
  });
}
