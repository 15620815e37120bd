// The query protocol with SQS's legacy model, fed the form bodies AWS CLI 2.9 / boto3 1.26 send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { AwsError, startHarness, type Harness } from './harness.js';

let harness: Harness;
const QUEUE_URL = 'http://127.0.0.1/000000000000/q1';

before(async () => {
  harness = await startHarness('sqs-2012-11-05.min.json', 'sqs-2012-11-05.query.min.json');
});
after(() => harness.close());

async function post(form: string, path = '/'): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${harness.endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const enc = encodeURIComponent;

test('SendMessage: message attributes as Name/Value.DataType/Value.StringValue', async () => {
  harness.respond('SendMessage', { MessageId: 'm-1', MD5OfMessageBody: 'd41d8cd98f00b204e9800998ecf8427e' });
  const res = await post(
    `Action=SendMessage&Version=2012-11-05&QueueUrl=${enc(QUEUE_URL)}&MessageBody=x%20y%2Bz` +
      '&DelaySeconds=2&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String' +
      '&MessageAttribute.1.Value.StringValue=v&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=Binary' +
      '&MessageAttribute.2.Value.BinaryValue=AAH%2F',
  );
  assert.equal(res.status, 200, res.text);
  const call = harness.last();
  assert.equal(call.protocol, 'query');
  assert.deepEqual(call.input, {
    QueueUrl: QUEUE_URL,
    MessageBody: 'x y+z',
    DelaySeconds: 2,
    MessageAttributes: {
      a: { DataType: 'String', StringValue: 'v' },
      b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 255]) },
    },
  });
  assert.match(
    res.text,
    /^<\?xml version="1.0"\?><SendMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><SendMessageResult><MD5OfMessageBody>d41d8cd98f00b204e9800998ecf8427e<\/MD5OfMessageBody><MessageId>m-1<\/MessageId><\/SendMessageResult><ResponseMetadata><RequestId>req-\d+<\/RequestId><\/ResponseMetadata><\/SendMessageResponse>$/,
  );
  assert.equal(res.headers.get('content-type'), 'text/xml');
});

test('CreateQueue and GetQueueAttributes: Attribute.N.Name/Value and AttributeName.N', async () => {
  harness.respond('CreateQueue', { QueueUrl: QUEUE_URL });
  await post(
    'Action=CreateQueue&QueueName=q1&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=30' +
      '&Attribute.2.Name=DelaySeconds&Attribute.2.Value=0&Tag.1.Key=team&Tag.1.Value=core',
  );
  assert.deepEqual(harness.last().input, {
    QueueName: 'q1',
    Attributes: { VisibilityTimeout: '30', DelaySeconds: '0' },
    tags: { team: 'core' },
  });
  harness.respond('GetQueueAttributes', {
    Attributes: { VisibilityTimeout: '30', QueueArn: 'arn:aws:sqs:q1' },
  });
  const res = await post(`Action=GetQueueAttributes&QueueUrl=${enc(QUEUE_URL)}&AttributeName.1=All`);
  assert.deepEqual(harness.last().input, { QueueUrl: QUEUE_URL, AttributeNames: ['All'] });
  assert.ok(
    res.text.includes(
      '<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>30</Value></Attribute>' +
        '<Attribute><Name>QueueArn</Name><Value>arn:aws:sqs:q1</Value></Attribute></GetQueueAttributesResult>',
    ),
    res.text,
  );
});

test('ReceiveMessage: flattened <Message> with <Attribute> and <MessageAttribute> as AWS returns them', async () => {
  harness.respond('ReceiveMessage', {
    Messages: [
      {
        MessageId: 'm-1',
        ReceiptHandle: 'rh',
        MD5OfBody: 'md5',
        Body: 'a\r\nb "q" <x> & \'y\'',
        Attributes: { SenderId: 'AID', SentTimestamp: '1' },
        MessageAttributes: { color: { StringValue: 'red', DataType: 'String' } },
      },
    ],
  });
  const res = await post(
    `Action=ReceiveMessage&QueueUrl=${enc(QUEUE_URL)}&AttributeName.1=All&MessageAttributeName.1=All&MaxNumberOfMessages=10`,
  );
  assert.deepEqual(harness.last().input, {
    QueueUrl: QUEUE_URL,
    AttributeNames: ['All'],
    MessageAttributeNames: ['All'],
    MaxNumberOfMessages: 10,
  });
  const expected =
    '<ReceiveMessageResult><Message><MessageId>m-1</MessageId><ReceiptHandle>rh</ReceiptHandle>' +
    '<MD5OfBody>md5</MD5OfBody><Body>a&#xD;\nb &quot;q&quot; &lt;x&gt; &amp; &apos;y&apos;</Body>' +
    '<Attribute><Name>SenderId</Name><Value>AID</Value></Attribute><Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>' +
    '<MessageAttribute><Name>color</Name><Value><StringValue>red</StringValue><DataType>String</DataType></Value></MessageAttribute>' +
    '</Message></ReceiveMessageResult>';
  assert.ok(res.text.includes(expected), res.text);
  // A standard XML parser gets the body back byte for byte, \r included.
  const parsed = new XMLParser({ processEntities: true, htmlEntities: true }).parse(res.text);
  assert.equal(parsed.ReceiveMessageResponse.ReceiveMessageResult.Message.Body, 'a\r\nb "q" <x> & \'y\'');
});

test('SendMessageBatch: flattened entries in, Successful/Failed out', async () => {
  harness.respond('SendMessageBatch', {
    Successful: [{ Id: '1', MessageId: 'm', MD5OfMessageBody: 'd' }],
    Failed: [{ Id: '2', SenderFault: true, Code: 'InvalidParameterValue', Message: 'bad' }],
  });
  const res = await post(
    `Action=SendMessageBatch&QueueUrl=${enc(QUEUE_URL)}` +
      '&SendMessageBatchRequestEntry.1.Id=1&SendMessageBatchRequestEntry.1.MessageBody=a' +
      '&SendMessageBatchRequestEntry.2.Id=2&SendMessageBatchRequestEntry.2.MessageBody=b' +
      '&SendMessageBatchRequestEntry.2.DelaySeconds=4' +
      '&SendMessageBatchRequestEntry.2.MessageAttribute.1.Name=k&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType=String' +
      '&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue=v',
  );
  assert.deepEqual(harness.last().input.Entries, [
    { Id: '1', MessageBody: 'a' },
    {
      Id: '2',
      MessageBody: 'b',
      DelaySeconds: 4,
      MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
    },
  ]);
  assert.ok(
    res.text.includes(
      '<SendMessageBatchResult><SendMessageBatchResultEntry><Id>1</Id><MessageId>m</MessageId><MD5OfMessageBody>d</MD5OfMessageBody></SendMessageBatchResultEntry>' +
        '<BatchResultErrorEntry><Id>2</Id><SenderFault>true</SenderFault><Code>InvalidParameterValue</Code><Message>bad</Message></BatchResultErrorEntry></SendMessageBatchResult>',
    ),
    res.text,
  );
});

test('GET with the query string, and requests posted to the queue URL itself', async () => {
  harness.respond('DeleteMessage', {});
  const res = await fetch(`${harness.endpoint}/000000000000/q1?Action=DeleteMessage&ReceiptHandle=rh`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.deepEqual(harness.last().input, {
    QueueUrl: `${harness.endpoint}/000000000000/q1`,
    ReceiptHandle: 'rh',
  });
  assert.match(text, /<DeleteMessageResponse [^>]+><ResponseMetadata><RequestId>req-\d+<\/RequestId>/);
});

test('errors: SQS ErrorResponse with Type, query Code, Detail and RequestId', async () => {
  harness.respond(
    'GetQueueUrl',
    new AwsError('QueueDoesNotExist', 'The specified queue does not exist for this wsdl version.', {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    }),
  );
  const res = await post('Action=GetQueueUrl&QueueName=nope');
  assert.equal(res.status, 400);
  assert.match(
    res.text,
    /^<\?xml version="1.0"\?><ErrorResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><Error><Type>Sender<\/Type><Code>AWS.SimpleQueueService.NonExistentQueue<\/Code><Message>The specified queue does not exist for this wsdl version.<\/Message><Detail\/><\/Error><RequestId>req-\d+<\/RequestId><\/ErrorResponse>$/,
  );
});

test('missing parameters, actions and invalid values answer in SQS wording', async () => {
  const missing = await post(`Action=SendMessage&QueueUrl=${enc(QUEUE_URL)}`);
  assert.equal(missing.status, 400);
  assert.match(
    missing.text,
    /<Code>MissingParameter<\/Code><Message>The request must contain the parameter MessageBody.<\/Message>/,
  );
  const nested = await post(
    `Action=SendMessageBatch&QueueUrl=${enc(QUEUE_URL)}&SendMessageBatchRequestEntry.1.Id=1`,
  );
  assert.match(
    nested.text,
    /The request must contain the parameter SendMessageBatchRequestEntry.1.MessageBody./,
  );
  const invalid = await post('Action=FooBar&Version=2012-11-05');
  assert.match(
    invalid.text,
    /<Code>InvalidAction<\/Code><Message>The action FooBar is not valid for this endpoint.<\/Message>/,
  );
  const noAction = await post('QueueName=x');
  assert.match(noAction.text, /<Code>MissingAction<\/Code>/);
  const badInt = await post(`Action=SendMessage&QueueUrl=${enc(QUEUE_URL)}&MessageBody=x&DelaySeconds=abc`);
  assert.match(
    badInt.text,
    /<Code>InvalidParameterValue<\/Code><Message>Value abc for parameter DelaySeconds is invalid.<\/Message>/,
  );
  const badEscape = await post('Action=SendMessage&MessageBody=%E0%A4%A');
  assert.match(badEscape.text, /<Code>MalformedQueryString<\/Code>/);
});
