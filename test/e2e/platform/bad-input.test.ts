import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startNubis, type NubisProcess } from '../../support/nubis.js';

const SIGNED_SQS = {
  Authorization:
    'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00',
};

/** Bad input gets the protocol's own 4xx error: never a crash, a hang, a 500 or a stack trace. */
describe('bad input', () => {
  let nubis: NubisProcess;
  before(async () => (nubis = await startNubis()));
  after(() => nubis.stop());

  async function post(headers: Record<string, string>, body: string | Buffer) {
    const response = await fetch(nubis.endpoint, {
      method: 'POST',
      headers: { ...SIGNED_SQS, ...headers },
      body,
    });
    const text = await response.text();
    assert.ok(
      response.status >= 400 && response.status < 500,
      `expected 4xx, got ${response.status}: ${text}`,
    );
    assert.doesNotMatch(text, /at .*\.js:\d+|node:internal|TypeError|ReferenceError/);
    assert.ok(response.headers.get('x-amzn-requestid'));
    return { status: response.status, text, headers: response.headers };
  }

  const json = (target: string) => ({ 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': target });
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

  test('malformed JSON', async () => {
    const { text } = await post(json('AmazonSQS.ListQueues'), '{"QueueNamePrefix": ');
    assert.match(JSON.parse(text).__type, /SerializationException/);
  });

  test('JSON of the wrong shape', async () => {
    for (const body of ['[]', '"text"', '42', '{"QueueName": {"nested": true}}', '{"QueueName": 5}']) {
      await post(json('AmazonSQS.CreateQueue'), body);
    }
  });

  test('unknown X-Amz-Target operation', async () => {
    const { text } = await post(json('AmazonSQS.NoSuchOperation'), '{}');
    assert.match(JSON.parse(text).__type, /UnknownOperation/);
  });

  test('missing required members', async () => {
    const { text } = await post(json('AmazonSQS.CreateQueue'), '{}');
    assert.match(text, /QueueName|queueName/);
    const query = await post(form, 'Action=CreateQueue&Version=2012-11-05');
    assert.match(query.text, /<Code>MissingParameter<\/Code>/);
    assert.match(query.text, /QueueName/);
  });

  test('malformed and unknown query requests', async () => {
    assert.match(
      (await post(form, 'Action=NoSuchAction&Version=2012-11-05')).text,
      /<Code>InvalidAction<\/Code>/,
    );
    await post(form, '%%%&&&==');
    await post(form, 'Version=2012-11-05');
    await post(form, 'Action=SendMessage&QueueUrl=x&MessageBody=y&DelaySeconds=notanumber');
  });

  test('invalid UTF-8', async () => {
    await post(json('AmazonSQS.CreateQueue'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    await post(
      form,
      Buffer.concat([Buffer.from('Action=CreateQueue&QueueName='), Buffer.from([0xc3, 0x28])]),
    );
  });

  test('wrong content type', async () => {
    await post(
      { 'Content-Type': 'application/xml', 'X-Amz-Target': 'AmazonSQS.ListQueues' },
      '<ListQueues/>',
    );
  });

  test('oversized bodies are refused before they are read', async () => {
    const { status } = await post(json('AmazonSQS.SendMessage'), Buffer.alloc(70 * 1024 * 1024, 0x20));
    assert.equal(status, 413);
  });

  test('the platform still serves after all of it', async () => {
    const response = await fetch(`${nubis.endpoint}/_nubis/health`);
    assert.equal(response.status, 200);
    assert.doesNotMatch(nubis.output(), /InternalFailure|failed:/);
  });
});
