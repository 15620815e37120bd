import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DynamoDBClient, ListBackupsCommand } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startNubis, sdkConfig, type NubisProcess } from '../../support/nubis.js';

describe('gateway', () => {
  let nubis: NubisProcess;
  before(async () => (nubis = await startNubis()));
  after(() => nubis.stop());

  test('an operation without a handler answers 501 NotImplemented in its protocol, naming it', async () => {
    const dynamodb = new DynamoDBClient({ ...sdkConfig(nubis.endpoint), maxAttempts: 1 });
    await assert.rejects(dynamodb.send(new ListBackupsCommand({})), (error: any) => {
      assert.equal(error.name, 'NotImplemented');
      assert.equal(error.$metadata.httpStatusCode, 501);
      assert.match(error.message, /ListBackups/);
      return true;
    });
  });

  test('the account comes from a 12-digit access key and the region from the credential scope', async () => {
    const sts = new STSClient({ ...sdkConfig(nubis.endpoint, '123456789012'), region: 'eu-central-1' });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, '123456789012');
  });

  test('a presigned query-string request is routed and attributed like a signed one', async () => {
    const query = new URLSearchParams({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': '210987654321/20260101/us-east-1/sts/aws4_request',
      'X-Amz-Date': '20260101T000000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': '00',
    });
    const response = await fetch(`${nubis.endpoint}/?${query}`);
    assert.equal(response.status, 200);
    const body = await response.text();
    assert.match(body, /<Account>210987654321<\/Account>/);
    assert.match(body, /<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });

  test('a query request with no signature is identified by its Action', async () => {
    const response = await fetch(nubis.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<Account>000000000000<\/Account>/);
  });

  test('a request no service recognises gets a 400 error, not a crash', async () => {
    const response = await fetch(`${nubis.endpoint}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'NoSuchService.Operation' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { __type: string };
    assert.match(body.__type, /UnknownOperationException/);
  });
});
