import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPolicy,
  formatRedrivePolicy,
  normalizeRedriveAllowPolicy,
  parseRedrivePolicy,
} from '../../../src/services/sqs/policies.js';

const dlq = 'arn:aws:sqs:us-east-1:000000000000:dlq';

test('a redrive policy is normalized as AWS returns it', () => {
  const policy = parseRedrivePolicy(JSON.stringify({ maxReceiveCount: '5', deadLetterTargetArn: dlq }));
  assert.equal(formatRedrivePolicy(policy), `{"deadLetterTargetArn":"${dlq}","maxReceiveCount":5}`);
});

test('redrive policy errors', () => {
  assert.throws(() => parseRedrivePolicy('[]'), /Redrive policy is not a valid JSON map\./);
  assert.throws(
    () => parseRedrivePolicy(JSON.stringify({ maxReceiveCount: 5 })),
    /Value \{"maxReceiveCount":5\} for parameter RedrivePolicy is invalid\. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn\.$/,
  );
  assert.throws(
    () => parseRedrivePolicy(JSON.stringify({ maxReceiveCount: 0, deadLetterTargetArn: dlq })),
    /Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive\./,
  );
  assert.throws(
    () => parseRedrivePolicy(JSON.stringify({ maxReceiveCount: 1, deadLetterTargetArn: dlq, extra: 1 })),
    /Only following attributes are supported: \[maxReceiveCount, deadLetterTargetArn\]\./,
  );
});

test('redrive allow policies', () => {
  assert.equal(
    normalizeRedriveAllowPolicy('{"redrivePermission":"allowAll"}'),
    '{"redrivePermission":"allowAll"}',
  );
  assert.equal(
    normalizeRedriveAllowPolicy(JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [dlq] })),
    JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [dlq] }),
  );
  assert.throws(() => normalizeRedriveAllowPolicy('{}'), /unsupported format/);
  assert.throws(
    () => normalizeRedriveAllowPolicy('{"redrivePermission":"denyAll","x":1}'),
    /unsupported format/,
  );
});

test('queue policies: a JSON document of at most 20 statements', () => {
  const statement = { Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' };
  const ok = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  assert.equal(checkPolicy(ok, false), ok);
  assert.throws(() => checkPolicy('[]', false), /Invalid value for the parameter Policy\./);
  assert.throws(
    () => checkPolicy(JSON.stringify({ Version: '1999-01-01' }), false),
    /Invalid value for the parameter Policy\./,
  );
  const many = JSON.stringify({ Statement: Array.from({ length: 21 }, () => statement) });
  assert.throws(
    () => checkPolicy(many, false),
    /21 statements were found in the submitted policy, max allowed is 20/,
  );
});
