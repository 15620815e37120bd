// The query protocol through the official STS client (lists of structures, timestamps, errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  STSClient,
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  MalformedPolicyDocumentException,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { AwsError, clientConfig, startHarness, type Harness } from './harness.js';

let harness: Harness;
let sts: STSClient;

before(async () => {
  harness = await startHarness('sts-2011-06-15.min.json');
  sts = new STSClient(clientConfig(harness));
});
after(async () => {
  sts.destroy();
  await harness.close();
});

test('AssumeRole: lists of structures and scalars in, timestamps and nested structures out', async () => {
  const expiration = new Date('2030-01-02T03:04:05.678Z');
  harness.respond('AssumeRole', {
    Credentials: { AccessKeyId: 'AK', SecretAccessKey: 'SK', SessionToken: 'ST', Expiration: expiration },
    AssumedRoleUser: { AssumedRoleId: 'ARO:s', Arn: 'arn:aws:sts::000000000000:assumed-role/r/s' },
    PackedPolicySize: 6,
  });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: 'arn:aws:iam::000000000000:role/r',
      RoleSessionName: 's',
      DurationSeconds: 900,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/A' }, { arn: 'arn:aws:iam::aws:policy/B' }],
      Tags: [{ Key: 'k', Value: 'v & w' }],
      TransitiveTagKeys: ['k'],
      Policy: '{"Version":"2012-10-17"}',
    }),
  );
  assert.deepEqual(harness.last().input, {
    RoleArn: 'arn:aws:iam::000000000000:role/r',
    RoleSessionName: 's',
    DurationSeconds: 900,
    PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/A' }, { arn: 'arn:aws:iam::aws:policy/B' }],
    Tags: [{ Key: 'k', Value: 'v & w' }],
    TransitiveTagKeys: ['k'],
    Policy: '{"Version":"2012-10-17"}',
  });
  assert.equal(out.Credentials?.AccessKeyId, 'AK');
  assert.equal(out.Credentials?.Expiration?.toISOString(), expiration.toISOString());
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::000000000000:assumed-role/r/s');
  assert.equal(out.PackedPolicySize, 6);
  assert.equal(out.$metadata.requestId, harness.lastRequestId);
});

test('GetCallerIdentity: an input-less operation; epoch-millisecond outputs are accepted too', async () => {
  harness.respond('GetCallerIdentity', {
    UserId: 'U',
    Account: '000000000000',
    Arn: 'arn:aws:iam::000000000000:root',
  });
  const out = await sts.send(new GetCallerIdentityCommand({}));
  assert.deepEqual(harness.last().input, {});
  assert.equal(out.Account, '000000000000');
});

test('errors: modeled exceptions by their query code, message, status and request id', async () => {
  harness.respond(
    'AssumeRole',
    new AwsError('MalformedPolicyDocumentException', 'The policy is not in the valid JSON format.', {
      queryCode: 'MalformedPolicyDocument',
    }),
  );
  const error = await sts
    .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 's' }))
    .catch((e: unknown) => e);
  assert.ok(error instanceof MalformedPolicyDocumentException, String(error));
  assert.equal(error.message, 'The policy is not in the valid JSON format.');
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(error.$metadata.requestId, harness.lastRequestId);
  harness.respond('GetCallerIdentity', new AwsError('InternalFailure', 'boom', { status: 500 }));
  const server = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
  assert.ok(server instanceof STSServiceException);
  assert.equal(server.name, 'InternalFailure');
  assert.equal(server.$fault, 'server');
  assert.equal(server.$metadata.httpStatusCode, 500);
});

test('coral query services answer missing members with ValidationError in the STS namespace', async () => {
  const res = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn&Tags.member.1.Key=k',
  });
  const text = await res.text();
  assert.equal(res.status, 400);
  assert.match(
    text,
    /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type>/,
  );
  assert.ok(
    text.includes(
      '<Code>ValidationError</Code><Message>2 validation errors detected: Value null at &apos;roleSessionName&apos; failed to satisfy constraint: Member must not be null; Value null at &apos;tags.1.member.value&apos; failed to satisfy constraint: Member must not be null</Message>',
    ),
    text,
  );
  const unknown = await fetch(`${harness.endpoint}/?Action=Nope&Version=2011-06-15`);
  assert.match(
    await unknown.text(),
    /<Code>InvalidAction<\/Code><Message>Could not find operation Nope for version 2011-06-15<\/Message>/,
  );
});
