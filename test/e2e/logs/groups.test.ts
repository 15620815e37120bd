import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import { storages } from '../../support/nubis.js';
import { T0, rejects, useLogs } from './support.js';

const NOT_FOUND = { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' };

for (const storage of storages()) {
  describe(`CloudWatch Logs groups (${storage})`, () => {
    const f = useLogs(storage);

    test('CreateLogGroup, DescribeLogGroups shows its ARNs, class and counters; duplicates fail', async () => {
      await f.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/orders' }));
      const { logGroups } = await f.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/or' }),
      );
      assert.deepEqual(logGroups, [
        {
          logGroupName: '/aws/lambda/orders',
          creationTime: T0,
          metricFilterCount: 0,
          arn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/orders:*',
          logGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/orders',
          storedBytes: 0,
          logGroupClass: 'STANDARD',
        },
      ]);
      await rejects(f.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/orders' })), {
        name: 'ResourceAlreadyExistsException',
        message: 'The specified log group already exists',
      });
    });

    test('log group names: 1–512 of [.-_/#A-Za-z0-9]', async () => {
      await rejects(f.logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name' })), {
        name: 'InvalidParameterException',
        message: /failed to satisfy constraint: Member must satisfy regular expression pattern/,
      });
      await rejects(f.logs.send(new CreateLogGroupCommand({ logGroupName: 'a'.repeat(513) })), {
        name: 'InvalidParameterException',
        message: /Member must have length less than or equal to 512/,
      });
      await f.logs.send(new CreateLogGroupCommand({ logGroupName: `#._-/${'a'.repeat(507)}` }));
    });

    test('DescribeLogGroups: prefix, pattern, class, limit and nextToken', async () => {
      for (const name of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) {
        await f.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
      }
      await f.logs.send(
        new CreateLogGroupCommand({ logGroupName: 'Page-IA', logGroupClass: 'INFREQUENT_ACCESS' }),
      );
      const first = await f.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: 'page-', limit: 2 }),
      );
      assert.deepEqual(
        first.logGroups?.map((g) => g.logGroupName),
        ['page-a', 'page-b'],
      );
      assert.ok(first.nextToken);
      const names: string[] = [];
      for await (const page of paginateDescribeLogGroups(
        { client: f.logs, pageSize: 2 },
        { logGroupNamePrefix: 'page-' },
      )) {
        names.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
      }
      assert.deepEqual(names, ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
      const pattern = await f.logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'AGE-' }));
      assert.deepEqual(
        pattern.logGroups?.map((g) => g.logGroupName),
        ['Page-IA', 'page-a', 'page-b', 'page-c', 'page-d', 'page-e'],
      );
      const ia = await f.logs.send(new DescribeLogGroupsCommand({ logGroupClass: 'INFREQUENT_ACCESS' }));
      assert.deepEqual(
        ia.logGroups?.map((g) => [g.logGroupName, g.logGroupClass]),
        [['Page-IA', 'INFREQUENT_ACCESS']],
      );
      await rejects(f.logs.send(new DescribeLogGroupsCommand({ limit: 51 })), {
        name: 'InvalidParameterException',
        message: /Member must have value less than or equal to 50/,
      });
      await rejects(
        f.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'a', logGroupNamePattern: 'b' })),
        {
          name: 'InvalidParameterException',
        },
      );
      await rejects(f.logs.send(new DescribeLogGroupsCommand({ nextToken: 'garbage' })), {
        name: 'InvalidParameterException',
      });
    });

    test('DeleteLogGroup removes it; a missing group is ResourceNotFoundException', async () => {
      await f.logs.send(new CreateLogGroupCommand({ logGroupName: 'short-lived' }));
      await f.logs.send(new DeleteLogGroupCommand({ logGroupName: 'short-lived' }));
      const { logGroups } = await f.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: 'short-lived' }),
      );
      assert.deepEqual(logGroups, []);
      await rejects(f.logs.send(new DeleteLogGroupCommand({ logGroupName: 'short-lived' })), NOT_FOUND);
    });

    test('PutRetentionPolicy accepts exactly the values AWS lists; DeleteRetentionPolicy clears it', async () => {
      await f.logs.send(new CreateLogGroupCommand({ logGroupName: 'retained' }));
      for (const days of [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
        3653,
      ]) {
        await f.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'retained', retentionInDays: days }));
      }
      for (const days of [0, 2, 4, 366, 3654]) {
        await rejects(
          f.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'retained', retentionInDays: days })),
          {
            name: 'InvalidParameterException',
            message: new RegExp(
              `Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \\[1, 3, 5, 7, 14,`,
            ),
          },
        );
      }
      const describe = async () =>
        (await f.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'retained' }))).logGroups?.[0];
      assert.equal((await describe())?.retentionInDays, 3653);
      await f.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'retained' }));
      assert.equal((await describe())?.retentionInDays, undefined);
      await rejects(
        f.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'nope', retentionInDays: 1 })),
        NOT_FOUND,
      );
      await rejects(f.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'nope' })), NOT_FOUND);
    });

    test('tags by ARN (with or without :*) and by name', async () => {
      await f.logs.send(new CreateLogGroupCommand({ logGroupName: 'tagged', tags: { team: 'a' } }));
      const arn = 'arn:aws:logs:us-east-1:000000000000:log-group:tagged';
      assert.deepEqual((await f.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, {
        team: 'a',
      });
      await f.logs.send(
        new TagResourceCommand({ resourceArn: `${arn}:*`, tags: { env: 'prod', team: 'b' } }),
      );
      assert.deepEqual((await f.logs.send(new ListTagsLogGroupCommand({ logGroupName: 'tagged' }))).tags, {
        env: 'prod',
        team: 'b',
      });
      await f.logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
      await f.logs.send(new TagLogGroupCommand({ logGroupName: 'tagged', tags: { cost: '12' } }));
      await f.logs.send(new UntagLogGroupCommand({ logGroupName: 'tagged', tags: ['env'] }));
      assert.deepEqual((await f.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, {
        cost: '12',
      });
      await rejects(
        f.logs.send(
          new ListTagsForResourceCommand({
            resourceArn: 'arn:aws:logs:us-east-1:000000000000:log-group:nope',
          }),
        ),
        NOT_FOUND,
      );
      await rejects(f.logs.send(new ListTagsLogGroupCommand({ logGroupName: 'nope' })), NOT_FOUND);
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      await rejects(f.logs.send(new TagResourceCommand({ resourceArn: arn, tags: many })), {
        name: 'InvalidParameterException',
      });
    });
  });
}
