import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSignature } from '../../src/gateway/sigv4.js';

test('parses the Authorization header of a SigV4 request', () => {
  const { credential, accessKeyId } = parseSignature(
    {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-2/sqs/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, Signature=abc123',
      'x-amz-date': '20260101T000000Z',
    },
    '',
  );
  assert.equal(accessKeyId, 'AKIDEXAMPLE');
  assert.deepEqual(credential, {
    accessKeyId: 'AKIDEXAMPLE',
    date: '20260101',
    region: 'eu-west-2',
    service: 'sqs',
    signedHeaders: ['content-type', 'host', 'x-amz-date'],
    signature: 'abc123',
    presigned: false,
    amzDate: '20260101T000000Z',
    expiresSeconds: undefined,
  });
});

test('parses a presigned query string', () => {
  const query =
    'Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    '&X-Amz-Credential=123456789012%2F20260101%2Fap-south-1%2Fsts%2Faws4_request' +
    '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=f00d';
  const { credential } = parseSignature({}, query);
  assert.equal(credential?.presigned, true);
  assert.equal(credential?.accessKeyId, '123456789012');
  assert.equal(credential?.region, 'ap-south-1');
  assert.equal(credential?.service, 'sts');
  assert.equal(credential?.expiresSeconds, 900);
  assert.deepEqual(credential?.signedHeaders, ['host']);
});

test('keeps the access key of a SigV2 header and ignores malformed scopes', () => {
  assert.equal(parseSignature({ authorization: 'AWS AKID:sig' }, '').accessKeyId, 'AKID');
  const broken = parseSignature(
    { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1, Signature=x' },
    '',
  );
  assert.equal(broken.credential, undefined);
  assert.equal(parseSignature({ authorization: 'Bearer token' }, '').credential, undefined);
  assert.equal(parseSignature({}, '').accessKeyId, undefined);
});
