import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AddPermissionCommand,
  ListQueueTagsCommand,
  RemovePermissionCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { attributes, createQueue, rejects, useSqs } from './support.js';

for (const storage of storages()) {
  describe(`SQS tags and permissions (${storage})`, () => {
    const f = useSqs(storage);
    const tags = async (url: string) => (await f.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags;

    test('tags: on creation, added, overwritten, removed', async () => {
      const url = await createQueue(f.sqs, 'tagged', undefined, { team: 'core' });
      assert.deepEqual(await tags(url), { team: 'core' });
      await f.sqs.send(
        new TagQueueCommand({ QueueUrl: url, Tags: { team: 'edge', env: '', cost: 'center-1' } }),
      );
      assert.deepEqual(await tags(url), { team: 'edge', env: '', cost: 'center-1' });
      await f.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['team', 'env', 'absent'] }));
      assert.deepEqual(await tags(url), { cost: 'center-1' });
      await f.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['cost'] }));
      assert.equal(await tags(url), undefined, 'no tags: no Tags member');
    });

    test('tag limits', async () => {
      const url = await createQueue(f.sqs, 'tag-limits');
      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
      await f.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: fifty }));
      await rejects(f.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { one: 'too many' } })), {
        name: 'InvalidParameterValue',
        message: 'Too many tags added for queue tag-limits.',
      });
      await rejects(f.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { ['k'.repeat(129)]: 'v' } })), {
        name: 'InvalidParameterValue',
        message: 'Tag keys must be between 1 and 128 characters in length.',
      });
      await rejects(f.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: {} })), {
        name: 'MissingParameter',
        message: 'The request must contain the parameter Tags.',
      });
    });

    test('AddPermission writes a policy statement per label; RemovePermission takes it out', async () => {
      const url = await createQueue(f.sqs, 'shared');
      await f.sqs.send(
        new AddPermissionCommand({
          QueueUrl: url,
          Label: 'crossaccount',
          AWSAccountIds: ['111122223333'],
          Actions: ['ReceiveMessage'],
        }),
      );
      await f.sqs.send(
        new AddPermissionCommand({
          QueueUrl: url,
          Label: 'senders',
          AWSAccountIds: ['111122223333', '444455556666'],
          Actions: ['SendMessage', 'GetQueueUrl'],
        }),
      );
      const policy = JSON.parse((await attributes(f.sqs, url, 'Policy'))['Policy']!);
      const arn = 'arn:aws:sqs:us-east-1:000000000000:shared';
      assert.deepEqual(policy, {
        Version: '2008-10-17',
        Id: `${arn}/SQSDefaultPolicy`,
        Statement: [
          {
            Sid: 'crossaccount',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 'SQS:ReceiveMessage',
            Resource: arn,
          },
          {
            Sid: 'senders',
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] },
            Action: ['SQS:SendMessage', 'SQS:GetQueueUrl'],
            Resource: arn,
          },
        ],
      });
      await rejects(
        f.sqs.send(
          new AddPermissionCommand({
            QueueUrl: url,
            Label: 'senders',
            AWSAccountIds: ['111122223333'],
            Actions: ['SendMessage'],
          }),
        ),
        {
          name: 'InvalidParameterValue',
          message: 'Value senders for parameter Label is invalid. Reason: Already exists.',
        },
      );
      await f.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'crossaccount' }));
      await f.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'senders' }));
      assert.deepEqual(await attributes(f.sqs, url, 'Policy'), {}, 'no statements left: no policy');
      await rejects(f.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'senders' })), {
        name: 'InvalidParameterValue',
        message: "Value senders for parameter Label is invalid. Reason: can't find label.",
      });
    });

    test('AddPermission refuses owner-only and unknown actions', async () => {
      const url = await createQueue(f.sqs, 'guarded');
      const add = (Actions: string[]) =>
        f.sqs.send(
          new AddPermissionCommand({ QueueUrl: url, Label: 'l', AWSAccountIds: ['111122223333'], Actions }),
        );
      await rejects(add(['CreateQueue']), {
        name: 'InvalidParameterValue',
        message:
          'Value SQS:CreateQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.',
      });
      await rejects(add(['Dance']), {
        name: 'InvalidParameterValue',
        message:
          'Value SQS:Dance for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.',
      });
      await rejects(add([]), {
        name: 'MissingParameter',
        message: 'The request must contain the parameter ActionName.',
      });
      await add(['*']);
    });
  });
}
