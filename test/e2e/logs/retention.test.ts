import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { storages } from '../../support/nubis.js';
import { DAY, HOUR, createStreams, put, useLogs } from './support.js';

for (const storage of storages()) {
  describe(`CloudWatch Logs retention (${storage})`, () => {
    const f = useLogs(storage);
    const messages = async (group: string) =>
      (
        await f.logs.send(
          new GetLogEventsCommand({ logGroupName: group, logStreamName: 's', startFromHead: true }),
        )
      ).events?.map((e) => e.message);

    test('events past retention disappear from reads and are deleted by the retention job', async () => {
      await createStreams(f.logs, 'short', 's');
      await put(f.logs, 'short', 's', [{ timestamp: f.now() - HOUR, message: 'old' }]);
      await f.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'short', retentionInDays: 1 }));
      await f.advance(12 * HOUR);
      await put(f.logs, 'short', 's', [{ timestamp: f.now(), message: 'new' }]);
      assert.deepEqual(await messages('short'), ['old', 'new']);
      await f.advance(13 * HOUR);
      // 'old' is now older than one day: not returned, not counted.
      assert.deepEqual(await messages('short'), ['new']);
      const filtered = await f.logs.send(new FilterLogEventsCommand({ logGroupName: 'short' }));
      assert.deepEqual(
        filtered.events?.map((e) => e.message),
        ['new'],
      );
      const [group] = (await f.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'short' })))
        .logGroups!;
      assert.equal(group?.storedBytes, 3);
      // The hourly job has run: removing the policy does not bring 'old' back.
      await f.advance(HOUR);
      await f.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'short' }));
      assert.deepEqual(await messages('short'), ['new']);
    });

    test('PutLogEvents rejects events older than the retention period as expired', async () => {
      await createStreams(f.logs, 'expiring', 's');
      await f.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'expiring', retentionInDays: 1 }));
      const result = await put(f.logs, 'expiring', 's', [
        { timestamp: f.now() - DAY - 2 * HOUR, message: 'expired' },
        { timestamp: f.now() - DAY - 2 * HOUR + 1, message: 'expired too' },
        { timestamp: f.now() - 3 * HOUR, message: 'kept' },
      ]);
      assert.deepEqual(result.rejectedLogEventsInfo, { expiredLogEventEndIndex: 2 });
      assert.deepEqual(await messages('expiring'), ['kept']);
    });
  });
}
