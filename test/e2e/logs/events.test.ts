import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { storages } from '../../support/nubis.js';
import { DAY, HOUR, T0, createStreams, put, rejects, series, useLogs } from './support.js';

for (const storage of storages()) {
  describe(`CloudWatch Logs PutLogEvents and GetLogEvents (${storage})`, () => {
    const f = useLogs(storage);

    test('PutLogEvents stores events; GetLogEvents returns them with ingestion times', async () => {
      await createStreams(f.logs, 'app', 'main');
      const first = await put(f.logs, 'app', 'main', series(3, T0 - 1000));
      assert.equal(first.rejectedLogEventsInfo, undefined);
      assert.match(first.nextSequenceToken!, /^\d{56}$/);
      // Sequence tokens are accepted and ignored, even stale ones.
      const second = await f.logs.send(
        new PutLogEventsCommand({
          logGroupName: 'app',
          logStreamName: 'main',
          sequenceToken: 'stale',
          logEvents: [{ timestamp: T0 - 500, message: 'later' }],
        }),
      );
      assert.notEqual(second.nextSequenceToken, first.nextSequenceToken);
      const { events } = await f.logs.send(
        new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'main' }),
      );
      assert.deepEqual(events, [
        { timestamp: T0 - 1000, message: 'message 0', ingestionTime: T0 },
        { timestamp: T0 - 999, message: 'message 1', ingestionTime: T0 },
        { timestamp: T0 - 998, message: 'message 2', ingestionTime: T0 },
        { timestamp: T0 - 500, message: 'later', ingestionTime: T0 },
      ]);
      const [group] = (await f.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app' })))
        .logGroups!;
      assert.equal(group?.storedBytes, 9 * 3 + 5);
    });

    test('batch rules: count, size, chronological order, 24-hour span', async () => {
      await createStreams(f.logs, 'rules', 's');
      await rejects(put(f.logs, 'rules', 's', []), { name: 'InvalidParameterException' });
      await rejects(put(f.logs, 'rules', 's', series(10_001, T0 - HOUR)), {
        name: 'InvalidParameterException',
        message: /Member must have length less than or equal to 10000/,
      });
      // 1,048,576 bytes counting 26 per event: 4 events of 262,118 bytes fit exactly, one more byte does not.
      const big = 'x'.repeat(262_118);
      const fits = [0, 1, 2, 3].map((i) => ({ timestamp: T0 - 10 + i, message: big }));
      assert.equal((await put(f.logs, 'rules', 's', fits)).rejectedLogEventsInfo, undefined);
      await rejects(put(f.logs, 'rules', 's', [...fits, { timestamp: T0, message: 'y' }]), {
        name: 'InvalidParameterException',
        message: 'Upload too large: 1048603 bytes exceeds limit of 1048576',
      });
      await rejects(put(f.logs, 'rules', 's', [{ timestamp: T0, message: `${big}y` }]), {
        name: 'InvalidParameterException',
        message: 'Log event too large: 262119 bytes exceeds limit of 262118',
      });
      await rejects(
        put(f.logs, 'rules', 's', [
          { timestamp: T0, message: 'b' },
          { timestamp: T0 - 1, message: 'a' },
        ]),
        {
          name: 'InvalidParameterException',
          message: 'Log events in a single PutLogEvents request must be in chronological order.',
        },
      );
      await rejects(
        put(f.logs, 'rules', 's', [
          { timestamp: T0 - DAY - 1, message: 'a' },
          { timestamp: T0, message: 'b' },
        ]),
        { name: 'InvalidParameterException', message: /cannot span more than 24 hours/ },
      );
    });

    test('too old, too new and expired events are rejected, the rest stored', async () => {
      await createStreams(f.logs, 'reject', 's');
      const events = [
        { timestamp: T0 - 15 * DAY, message: 'too old' },
        { timestamp: T0 - 14 * DAY + HOUR, message: 'old but fine' },
        { timestamp: T0 - HOUR, message: 'fine' },
      ];
      // (A batch spans at most 24 hours: each case is its own batch.)
      const old = await put(f.logs, 'reject', 's', [events[0]!, { ...events[0]!, message: 'too old 2' }]);
      assert.deepEqual(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 });
      const fine = await put(f.logs, 'reject', 's', [events[1]!]);
      assert.equal(fine.rejectedLogEventsInfo, undefined);
      const mixed = await put(f.logs, 'reject', 's', [
        events[2]!,
        { timestamp: T0 + 2 * HOUR, message: 'just in time' },
        { timestamp: T0 + 2 * HOUR + 1, message: 'too new' },
        { timestamp: T0 + 3 * HOUR, message: 'too new 2' },
      ]);
      assert.deepEqual(mixed.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 2 });
      const { events: stored } = await f.logs.send(
        new GetLogEventsCommand({ logGroupName: 'reject', logStreamName: 's', startFromHead: true }),
      );
      assert.deepEqual(
        stored?.map((e) => e.message),
        ['old but fine', 'fine', 'just in time'],
      );
    });

    test('missing group or stream: ResourceNotFoundException', async () => {
      await createStreams(f.logs, 'exists');
      await rejects(put(f.logs, 'nope', 's', series(1, T0)), {
        name: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
      });
      await rejects(put(f.logs, 'exists', 'nope', series(1, T0)), {
        name: 'ResourceNotFoundException',
        message: 'The specified log stream does not exist.',
      });
      await rejects(f.logs.send(new GetLogEventsCommand({ logGroupName: 'exists', logStreamName: 'nope' })), {
        name: 'ResourceNotFoundException',
        message: 'The specified log stream does not exist.',
      });
    });

    test('GetLogEvents: newest first page by default, f/ and b/ tokens, the same token at the end', async () => {
      await createStreams(f.logs, 'paged', 's');
      await put(f.logs, 'paged', 's', series(10, T0 - 100));
      const get = (input: object) =>
        f.logs.send(
          new GetLogEventsCommand({ logGroupName: 'paged', logStreamName: 's', limit: 4, ...input }),
        );
      const tail = await get({});
      assert.deepEqual(
        tail.events?.map((e) => e.message),
        ['message 6', 'message 7', 'message 8', 'message 9'],
      );
      assert.match(tail.nextForwardToken!, /^f\/\d{56}\/s$/);
      assert.match(tail.nextBackwardToken!, /^b\/\d{56}\/s$/);
      const older = await get({ nextToken: tail.nextBackwardToken });
      assert.deepEqual(
        older.events?.map((e) => e.message),
        ['message 2', 'message 3', 'message 4', 'message 5'],
      );
      const oldest = await get({ nextToken: older.nextBackwardToken });
      assert.deepEqual(
        oldest.events?.map((e) => e.message),
        ['message 0', 'message 1'],
      );
      const none = await get({ nextToken: oldest.nextBackwardToken });
      assert.deepEqual(none.events, []);
      assert.equal(none.nextBackwardToken, oldest.nextBackwardToken);
      // Forward from the end: nothing new, the same token; new events then appear.
      const end = await get({ nextToken: tail.nextForwardToken });
      assert.deepEqual(end.events, []);
      assert.equal(end.nextForwardToken, tail.nextForwardToken);
      await put(f.logs, 'paged', 's', [{ timestamp: T0, message: 'new' }]);
      const fresh = await get({ nextToken: end.nextForwardToken });
      assert.deepEqual(
        fresh.events?.map((e) => e.message),
        ['new'],
      );
      await rejects(get({ nextToken: 'bogus' }), { name: 'InvalidParameterException' });
    });

    test('GetLogEvents: startFromHead, startTime inclusive, endTime exclusive, the SDK paginator stops', async () => {
      await createStreams(f.logs, 'window', 's');
      await put(f.logs, 'window', 's', series(10, T0 - 100, 10));
      const head = await f.logs.send(
        new GetLogEventsCommand({
          logGroupName: 'window',
          logStreamName: 's',
          startFromHead: true,
          limit: 3,
        }),
      );
      assert.deepEqual(
        head.events?.map((e) => e.message),
        ['message 0', 'message 1', 'message 2'],
      );
      const windowed = await f.logs.send(
        new GetLogEventsCommand({
          logGroupName: 'window',
          logStreamName: 's',
          startTime: T0 - 80,
          endTime: T0 - 50,
        }),
      );
      assert.deepEqual(
        windowed.events?.map((e) => e.message),
        ['message 2', 'message 3', 'message 4'],
      );
      const all: string[] = [];
      for await (const page of paginateGetLogEvents(
        { client: f.logs, pageSize: 3, stopOnSameToken: true },
        { logGroupName: 'window', logStreamName: 's', startFromHead: true },
      )) {
        all.push(...(page.events ?? []).map((e) => e.message!));
      }
      assert.equal(all.length, 10);
      const byArn = await f.logs.send(
        new GetLogEventsCommand({
          logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:window',
          logStreamName: 's',
          limit: 1,
        }),
      );
      assert.deepEqual(
        byArn.events?.map((e) => e.message),
        ['message 9'],
      );
    });
  });
}
