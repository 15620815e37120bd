// Model loading, codec selection and the pieces codecs share (routes, XML escaping, validation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCodec } from '../../src/protocol/codec.js';
import { loadModel, modelMetadata } from '../../src/protocol/model.js';
import { escapeXml } from '../../src/protocol/xml-writer.js';
import type { HttpRequest } from '../../src/protocol/types.js';
import { MODEL_FILES } from '../../scripts/vendor-models.js';

const MODELS = MODEL_FILES;

function request(partial: Partial<HttpRequest>): HttpRequest {
  return { method: 'POST', path: '/', query: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

test('metadata read from the head of each model matches the parsed model', () => {
  for (const file of MODELS) {
    const sniffed = modelMetadata(file);
    assert.deepEqual(sniffed, loadModel(file).metadata, file);
    assert.equal(createCodec(file).protocol, sniffed.protocol);
  }
  const sqs = modelMetadata('sqs-2012-11-05.min.json');
  assert.equal(sqs.awsQueryCompatible, true);
  assert.equal(sqs.targetPrefix, 'AmazonSQS');
  assert.equal(
    modelMetadata('sts-2011-06-15.min.json').xmlNamespace,
    'https://sts.amazonaws.com/doc/2011-06-15/',
  );
  assert.equal(modelMetadata('logs-2014-03-28.min.json').jsonVersion, '1.1');
});

test('every shape of every operation resolves', () => {
  for (const file of MODELS) {
    const model = loadModel(file);
    const seen = new Set<object>();
    const walk = (shape: ReturnType<typeof model.resolve> | undefined, depth: number): void => {
      if (!shape || seen.has(shape) || depth > 40) return;
      seen.add(shape);
      if (shape.type === 'structure') for (const member of shape.members.values()) walk(member, depth + 1);
      if (shape.type === 'list') walk(shape.member, depth + 1);
      if (shape.type === 'map') walk(shape.value, depth + 1);
    };
    for (const name of model.operationNames()) {
      const op = model.operation(name)!;
      walk(op.input, 0);
      walk(op.output, 0);
    }
    assert.ok(model.operationNames().length >= 4, file); // DynamoDB Streams has four
  }
});

test('models load lazily: creating codecs and asking accepts() parses no model', () => {
  const script = `
    const { createCodec } = await import('./dist/src/protocol/codec.js');
    const { loadedModels } = await import('./dist/src/protocol/model.js');
    const files = ${JSON.stringify(MODELS)};
    const codecs = files.map((f) => createCodec(f));
    const req = { method: 'POST', path: '/', query: '', headers: { 'x-amz-target': 'AmazonSQS.ListQueues' }, body: Buffer.alloc(0) };
    const accepted = codecs.filter((c) => c.accepts(req)).length;
    const before = loadedModels().length;
    codecs[0].resolveOperation(req);
    process.stdout.write(JSON.stringify({ accepted, before, after: loadedModels() }));
  `;
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  const { accepted, before, after } = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(accepted, 1);
  assert.equal(before, 0);
  assert.deepEqual(after, ['sqs-2012-11-05.min.json']);
});

test('codecs accept their own requests only', () => {
  const sqsJson = createCodec('sqs-2012-11-05.min.json');
  const sqsQuery = createCodec('sqs-2012-11-05.query.min.json');
  const json = request({
    headers: { 'x-amz-target': 'AmazonSQS.ListQueues', 'content-type': 'application/x-amz-json-1.0' },
  });
  const form = request({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from('Action=ListQueues'),
  });
  assert.equal(sqsJson.accepts(json), true);
  assert.equal(sqsQuery.accepts(json), false);
  assert.equal(sqsJson.accepts(form), false);
  assert.equal(sqsQuery.accepts(form), true);
  assert.equal(createCodec('dynamodb-2012-08-10.min.json').accepts(json), false);
  assert.ok(sqsJson.operationNames().includes('SendMessage'));
});

test('S3 routes: query literals, x-id hints and required headers pick the operation', () => {
  const s3 = createCodec('s3-2006-03-01.min.json');
  const route = (method: string, path: string, query = '', headers: Record<string, string> = {}) =>
    s3.resolveOperation(request({ method, path, query, headers }));
  assert.equal(route('GET', '/'), 'ListBuckets');
  assert.equal(route('GET', '/b'), 'ListObjects');
  assert.equal(route('GET', '/b/'), 'ListObjects');
  assert.equal(route('GET', '/b', 'list-type=2&prefix=a'), 'ListObjectsV2');
  assert.equal(route('GET', '/b', 'list-type=1'), 'ListObjects');
  assert.equal(route('GET', '/b', 'location'), 'GetBucketLocation');
  assert.equal(route('GET', '/b', 'uploads'), 'ListMultipartUploads');
  assert.equal(route('GET', '/b/k/with/slashes'), 'GetObject');
  assert.equal(route('GET', '/b/k', 'uploadId=u'), 'ListParts');
  assert.equal(route('GET', '/b/k', 'tagging'), 'GetObjectTagging');
  assert.equal(route('PUT', '/b/k'), 'PutObject');
  assert.equal(route('PUT', '/b/k', '', { 'x-amz-copy-source': 'a/b' }), 'CopyObject');
  assert.equal(route('PUT', '/b/k', 'partNumber=1&uploadId=u'), 'UploadPart');
  assert.equal(
    route('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': 'a/b' }),
    'UploadPartCopy',
  );
  assert.equal(route('POST', '/b/k', 'uploads'), 'CreateMultipartUpload');
  assert.equal(route('POST', '/b/k', 'uploadId=u'), 'CompleteMultipartUpload');
  assert.equal(route('DELETE', '/b/k', 'uploadId=u'), 'AbortMultipartUpload');
  assert.equal(route('DELETE', '/b/k'), 'DeleteObject');
  assert.equal(route('POST', '/b', 'delete'), 'DeleteObjects');
  assert.equal(route('HEAD', '/b'), 'HeadBucket');
  assert.equal(route('GET', '/b/k', 'x-id=GetObject'), 'GetObject');
  const labels = s3.parseRequest('GetObject', request({ method: 'GET', path: '/b/a%2Fb/%E2%82%AC%20+x' }));
  assert.equal(labels.Key, 'a/b/€ +x');
});

test('Lambda routes: literal segments beat labels', () => {
  const lambda = createCodec('lambda-2015-03-31.min.json');
  const route = (method: string, path: string, query = '') =>
    lambda.resolveOperation(request({ method, path, query }));
  assert.equal(route('GET', '/2015-03-31/functions/'), 'ListFunctions');
  assert.equal(route('GET', '/2015-03-31/functions/fn'), 'GetFunction');
  assert.equal(route('GET', '/2015-03-31/functions/fn/configuration'), 'GetFunctionConfiguration');
  assert.equal(route('POST', '/2015-03-31/functions/fn/invocations'), 'Invoke');
  assert.equal(route('GET', '/2018-10-31/layers', 'find=LayerVersion'), 'GetLayerVersionByArn');
  assert.throws(() => route('GET', '/2015-03-31/functions//configuration'), {
    code: 'UnknownOperationException',
  });
});

test('XML escaping covers markup, quotes, carriage returns and characters XML cannot carry', () => {
  assert.equal(escapeXml(`a&b<c>"d"'e'\r\nf\tg`), 'a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#xD;\nf\tg');
  assert.equal(escapeXml('x\u0000y\u0008z\uFFFE'), 'x\uFFFDy\uFFFDz\uFFFD');
  assert.equal(escapeXml('lone \uD800 surrogate, pair 😀'), 'lone \uFFFD surrogate, pair 😀');
});

test('unknown members are ignored; outputs keep only modeled members and drop nulls', () => {
  const logs = createCodec('logs-2014-03-28.min.json');
  const req = request({
    headers: { 'x-amz-target': 'Logs_20140328.CreateLogGroup' },
    body: Buffer.from('{"logGroupName":"g","bogus":1,"__proto__":{"polluted":true}}'),
  });
  assert.deepEqual(logs.parseRequest('CreateLogGroup', req), { logGroupName: 'g' });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const res = logs.serializeResponse(
    'DescribeLogGroups',
    { logGroups: [{ logGroupName: 'g', arn: null, extra: 'x' }], nextToken: undefined },
    { requestId: 'r' },
  );
  assert.equal(res.body, '{"logGroups":[{"logGroupName":"g"}]}');
  assert.equal(res.headers['x-amzn-requestid'], 'r');
});

test('REST-JSON bodies carry epoch-second timestamps; headers carry http-dates', () => {
  const apigw = createCodec('apigateway-2015-07-09.min.json');
  const res = apigw.serializeResponse(
    'GetRestApi',
    {
      id: 'a1',
      name: 'api',
      createdDate: new Date('2024-01-02T03:04:05.5Z'),
      binaryMediaTypes: ['image/png'],
    },
    { requestId: 'r' },
  );
  assert.deepEqual(JSON.parse(String(res.body)), {
    id: 'a1',
    name: 'api',
    createdDate: 1704164645.5,
    binaryMediaTypes: ['image/png'],
  });
  const s3 = createCodec('s3-2006-03-01.min.json');
  const head = s3.serializeResponse('HeadObject', { LastModified: 0, ContentLength: 5 }, { requestId: 'r' });
  assert.equal(head.headers['last-modified'], 'Thu, 01 Jan 1970 00:00:00 GMT');
  assert.equal(head.headers['content-length'], '5');
  assert.equal(head.body, '');
});
