import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FilterLogEventsCommand, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { storages } from '../../support/nubis.js';
import { T0, createStreams, put, rejects, series, useLogs } from './support.js';

for (const storage of storages()) {
  describe(`CloudWatch Logs FilterLogEvents (${storage})`, () => {
    const f = useLogs(storage);
    const filter = async (input: object) =>
      (await f.logs.send(new FilterLogEventsCommand({ logGroupName: 'svc', ...input }))).events?.map(
        (e) => `${e.logStreamName}:${e.message}`,
      );

    test('set-up: two streams of interleaved, JSON and plain events', async () => {
      await createStreams(f.logs, 'svc', 'web-1', 'web-2', 'worker');
      await put(f.logs, 'svc', 'web-1', [
        { timestamp: T0 - 50, message: '[ERROR] timeout calling db' },
        { timestamp: T0 - 30, message: '{"level":"info","latency":12,"user":{"id":7}}' },
        { timestamp: T0 - 10, message: '10.0.0.1 GET /index.html 200 512' },
      ]);
      await put(f.logs, 'svc', 'web-2', [
        { timestamp: T0 - 40, message: '[WARN] slow request' },
        { timestamp: T0 - 20, message: '{"level":"error","latency":250,"user":{"id":9}}' },
        { timestamp: T0 - 5, message: '10.0.0.2 POST /login 401 128' },
      ]);
      await put(f.logs, 'svc', 'worker', [{ timestamp: T0 - 45, message: '[ERROR] job failed' }]);
    });

    test('events from every stream, interleaved by time, with eventIds', async () => {
      const { events } = await f.logs.send(new FilterLogEventsCommand({ logGroupName: 'svc' }));
      assert.deepEqual(
        events?.map((e) => e.timestamp),
        [T0 - 50, T0 - 45, T0 - 40, T0 - 30, T0 - 20, T0 - 10, T0 - 5],
      );
      assert.equal(new Set(events?.map((e) => e.eventId)).size, 7);
      assert.ok(events?.every((e) => e.ingestionTime === T0 && /^\d{56}$/.test(e.eventId!)));
    });

    test('logStreamNames, logStreamNamePrefix, startTime and endTime (both inclusive)', async () => {
      assert.deepEqual(await filter({ logStreamNames: ['worker'] }), ['worker:[ERROR] job failed']);
      assert.equal((await filter({ logStreamNamePrefix: 'web-' }))?.length, 6);
      assert.deepEqual(await filter({ startTime: T0 - 20, endTime: T0 - 10 }), [
        'web-2:{"level":"error","latency":250,"user":{"id":9}}',
        'web-1:10.0.0.1 GET /index.html 200 512',
      ]);
      await rejects(
        f.logs.send(
          new FilterLogEventsCommand({
            logGroupName: 'svc',
            logStreamNames: ['a'],
            logStreamNamePrefix: 'a',
          }),
        ),
        {
          name: 'InvalidParameterException',
        },
      );
      await rejects(f.logs.send(new FilterLogEventsCommand({ logGroupName: 'missing' })), {
        name: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
      });
    });

    test('term patterns: all terms, -exclusions, ?alternatives, quoted phrases', async () => {
      assert.deepEqual(await filter({ filterPattern: 'ERROR' }), [
        'web-1:[ERROR] timeout calling db',
        'worker:[ERROR] job failed',
      ]);
      assert.deepEqual(await filter({ filterPattern: 'ERROR -job' }), ['web-1:[ERROR] timeout calling db']);
      assert.deepEqual(await filter({ filterPattern: '?WARN ?timeout' }), [
        'web-1:[ERROR] timeout calling db',
        'web-2:[WARN] slow request',
      ]);
      assert.deepEqual(await filter({ filterPattern: '"slow request"' }), ['web-2:[WARN] slow request']);
    });

    test('JSON and space-delimited patterns', async () => {
      assert.deepEqual(await filter({ filterPattern: '{ $.latency > 100 }' }), [
        'web-2:{"level":"error","latency":250,"user":{"id":9}}',
      ]);
      assert.deepEqual(await filter({ filterPattern: '{ $.level = "info" && $.user.id = 7 }' }), [
        'web-1:{"level":"info","latency":12,"user":{"id":7}}',
      ]);
      assert.deepEqual(await filter({ filterPattern: '[ip, method, path, status = 4*, bytes]' }), [
        'web-2:10.0.0.2 POST /login 401 128',
      ]);
    });

    test('an invalid pattern is InvalidParameterException', async () => {
      await rejects(
        f.logs.send(new FilterLogEventsCommand({ logGroupName: 'svc', filterPattern: '{ $.a = ' })),
        {
          name: 'InvalidParameterException',
          message: "If a filter pattern starts with '{' it must end with '}'",
        },
      );
      await rejects(
        f.logs.send(new FilterLogEventsCommand({ logGroupName: 'svc', filterPattern: '{ $.a > x }' })),
        {
          name: 'InvalidParameterException',
          message: 'Invalid filter pattern',
        },
      );
    });

    test('limit and nextToken; the token is omitted once everything was read', async () => {
      const first = await f.logs.send(new FilterLogEventsCommand({ logGroupName: 'svc', limit: 3 }));
      assert.equal(first.events?.length, 3);
      assert.ok(first.nextToken);
      const all: number[] = [];
      for await (const page of paginateFilterLogEvents(
        { client: f.logs, pageSize: 2 },
        { logGroupName: 'svc' },
      )) {
        all.push(...(page.events ?? []).map((e) => e.timestamp!));
      }
      assert.equal(all.length, 7);
      const last = await f.logs.send(new FilterLogEventsCommand({ logGroupName: 'svc' }));
      assert.equal(last.nextToken, undefined);
    });

    test('a scan over many events pages through them all', async () => {
      await createStreams(f.logs, 'bulk', 'a', 'b');
      await put(f.logs, 'bulk', 'a', series(10_000, T0 - 3_600_000, 1, 'a'));
      await put(f.logs, 'bulk', 'b', series(10_000, T0 - 3_600_000, 1, 'b'));
      let count = 0;
      let pages = 0;
      for await (const page of paginateFilterLogEvents(
        { client: f.logs },
        { logGroupName: 'bulk', filterPattern: '"a 9"' },
      )) {
        count += page.events?.length ?? 0;
        pages++;
      }
      // "a 9", "a 9x", "a 9xx", "a 9xxx": 1 + 10 + 100 + 1000.
      assert.equal(count, 1111);
      assert.ok(pages >= 1);
    });
  });
}
