import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogStreamsCommand,
  paginateDescribeLogStreams,
} from '@aws-sdk/client-cloudwatch-logs';
import { storages } from '../../support/nubis.js';
import { T0, createStreams, put, rejects, useLogs } from './support.js';

for (const storage of storages()) {
  describe(`CloudWatch Logs streams (${storage})`, () => {
    const f = useLogs(storage);

    test('CreateLogStream; DescribeLogStreams shows event times and the upload sequence token', async () => {
      await createStreams(f.logs, 'app', 'one');
      const empty = await f.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app' }));
      assert.deepEqual(empty.logStreams, [
        {
          logStreamName: 'one',
          creationTime: T0,
          arn: 'arn:aws:logs:us-east-1:000000000000:log-group:app:log-stream:one',
          storedBytes: 0,
        },
      ]);
      const { nextSequenceToken } = await put(f.logs, 'app', 'one', [
        { timestamp: T0 - 5_000, message: 'a' },
        { timestamp: T0 - 1_000, message: 'b' },
      ]);
      const [stream] = (await f.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app' })))
        .logStreams!;
      assert.equal(stream?.firstEventTimestamp, T0 - 5_000);
      assert.equal(stream?.lastEventTimestamp, T0 - 1_000);
      assert.equal(stream?.lastIngestionTime, T0);
      assert.equal(stream?.uploadSequenceToken, nextSequenceToken);
      await rejects(f.logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'one' })), {
        name: 'ResourceAlreadyExistsException',
        message: 'The specified log stream already exists',
      });
    });

    test('stream names: 1–512 characters without : or *; the group must exist', async () => {
      await createStreams(f.logs, 'names');
      for (const bad of ['a:b', 'a*b', 'x'.repeat(513)]) {
        await rejects(
          f.logs.send(new CreateLogStreamCommand({ logGroupName: 'names', logStreamName: bad })),
          {
            name: 'InvalidParameterException',
          },
        );
      }
      await f.logs.send(
        new CreateLogStreamCommand({ logGroupName: 'names', logStreamName: '2026/03/01/[$LATEST]abc' }),
      );
      await rejects(
        f.logs.send(new CreateLogStreamCommand({ logGroupName: 'missing', logStreamName: 's' })),
        {
          name: 'ResourceNotFoundException',
          message: 'The specified log group does not exist.',
        },
      );
    });

    test('DescribeLogStreams: prefix, order by name or last event time, descending, pagination', async () => {
      await createStreams(f.logs, 'order', 's-c', 's-a', 's-b', 't-z');
      await put(f.logs, 'order', 's-a', [{ timestamp: T0 - 100, message: 'x' }]);
      await put(f.logs, 'order', 's-c', [{ timestamp: T0 - 300, message: 'x' }]);
      await put(f.logs, 'order', 's-b', [{ timestamp: T0 - 200, message: 'x' }]);
      const names = async (input: object) =>
        (
          await f.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'order', ...input }))
        ).logStreams?.map((s) => s.logStreamName);
      assert.deepEqual(await names({}), ['s-a', 's-b', 's-c', 't-z']);
      assert.deepEqual(await names({ logStreamNamePrefix: 's-' }), ['s-a', 's-b', 's-c']);
      assert.deepEqual(await names({ descending: true }), ['t-z', 's-c', 's-b', 's-a']);
      assert.deepEqual(await names({ orderBy: 'LastEventTime', descending: true }), [
        's-a',
        's-b',
        's-c',
        't-z',
      ]);
      const paged: string[] = [];
      for await (const page of paginateDescribeLogStreams(
        { client: f.logs, pageSize: 1 },
        { logGroupName: 'order', orderBy: 'LastEventTime' },
      )) {
        paged.push(...(page.logStreams ?? []).map((s) => s.logStreamName!));
      }
      assert.deepEqual(paged, ['t-z', 's-c', 's-b', 's-a']);
      await rejects(
        f.logs.send(
          new DescribeLogStreamsCommand({
            logGroupName: 'order',
            orderBy: 'LastEventTime',
            logStreamNamePrefix: 's',
          }),
        ),
        {
          name: 'InvalidParameterException',
          message: 'Cannot order by LastEventTime with a logStreamNamePrefix.',
        },
      );
      await rejects(f.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'missing' })), {
        name: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
      });
      const byArn = await f.logs.send(
        new DescribeLogStreamsCommand({
          logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:order',
          limit: 1,
        }),
      );
      assert.equal(byArn.logStreams?.[0]?.logStreamName, 's-a');
    });

    test('DeleteLogStream removes the stream and its events', async () => {
      await createStreams(f.logs, 'del', 'gone');
      await put(f.logs, 'del', 'gone', [{ timestamp: T0, message: 'x' }]);
      await f.logs.send(new DeleteLogStreamCommand({ logGroupName: 'del', logStreamName: 'gone' }));
      await rejects(f.logs.send(new DeleteLogStreamCommand({ logGroupName: 'del', logStreamName: 'gone' })), {
        name: 'ResourceNotFoundException',
        message: 'The specified log stream does not exist.',
      });
      await f.logs.send(new CreateLogStreamCommand({ logGroupName: 'del', logStreamName: 'gone' }));
      const [stream] = (await f.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'del' })))
        .logStreams!;
      assert.equal(stream?.lastEventTimestamp, undefined);
    });
  });
}
