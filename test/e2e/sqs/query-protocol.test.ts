// The query protocol as old SDKs send it: form posts, sometimes to the queue URL itself (no QueueUrl).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storages } from '../../support/nubis.js';
import { createQueue, useSqs } from './support.js';

for (const storage of storages()) {
  describe(`SQS over the query protocol (${storage})`, () => {
    const f = useSqs(storage);
    const post = async (path: string, params: Record<string, string>) => {
      const body = new URLSearchParams({ Version: '2012-11-05', ...params }).toString();
      const response = await fetch(`${f.nubis.endpoint}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      return { status: response.status, text: await response.text() };
    };
    const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

    test('an action posted to the queue URL acts on that queue', async () => {
      await createQueue(f.sqs, 'posted');
      const sent = await post('/000000000000/posted', {
        Action: 'SendMessage',
        MessageBody: 'form & body',
        'MessageAttribute.1.Name': 'kind',
        'MessageAttribute.1.Value.DataType': 'String',
        'MessageAttribute.1.Value.StringValue': 'query',
      });
      assert.equal(sent.status, 200, sent.text);
      assert.match(element(sent.text, 'MD5OfMessageAttributes') ?? '', /^[0-9a-f]{32}$/);
      const received = await post('/000000000000/posted', {
        Action: 'ReceiveMessage',
        'AttributeName.1': 'All',
        'MessageAttributeName.1': 'All',
      });
      assert.equal(element(received.text, 'Body'), 'form &amp; body');
      assert.equal(element(received.text, 'StringValue'), 'query');
      assert.equal(
        element(received.text, 'MD5OfMessageAttributes'),
        element(sent.text, 'MD5OfMessageAttributes'),
      );
    });

    test('errors carry the query codes and the query wording', async () => {
      const missing = await post('/000000000000/nowhere', {
        Action: 'GetQueueAttributes',
        'AttributeName.1': 'All',
      });
      assert.equal(missing.status, 400);
      assert.equal(element(missing.text, 'Code'), 'AWS.SimpleQueueService.NonExistentQueue');
      assert.equal(
        element(missing.text, 'Message'),
        'The specified queue does not exist for this wsdl version.',
      );
      await createQueue(f.sqs, 'exists');
      const conflict = await post('/', {
        Action: 'CreateQueue',
        QueueName: 'exists',
        'Attribute.1.Name': 'DelaySeconds',
        'Attribute.1.Value': '5',
      });
      assert.equal(element(conflict.text, 'Code'), 'QueueAlreadyExists');
      const invalid = await post('/000000000000/exists', {
        Action: 'ReceiveMessage',
        MaxNumberOfMessages: '11',
      });
      assert.equal(element(invalid.text, 'Code'), 'InvalidParameterValue');
    });

    test('ListQueues and GetQueueUrl answer URLs on the host the client used', async () => {
      await createQueue(f.sqs, 'listed-by-query');
      const listed = await post('/', { Action: 'ListQueues', QueueNamePrefix: 'listed-' });
      assert.equal(element(listed.text, 'QueueUrl'), `${f.nubis.endpoint}/000000000000/listed-by-query`);
      const url = await post('/', { Action: 'GetQueueUrl', QueueName: 'listed-by-query' });
      assert.equal(element(url.text, 'QueueUrl'), `${f.nubis.endpoint}/000000000000/listed-by-query`);
    });
  });
}
