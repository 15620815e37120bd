// REST-JSON through the official Lambda client: labels, query strings, headers, blob payloads,
// status codes and Lambda's error bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LambdaClient,
  CreateFunctionCommand,
  InvokeCommand,
  ListFunctionsCommand,
  UntagResourceCommand,
  GetFunctionCommand,
  ResourceNotFoundException,
  LambdaServiceException,
} from '@aws-sdk/client-lambda';
import { AwsError, clientConfig, startHarness, type Harness } from './harness.js';

let harness: Harness;
let lambda: LambdaClient;
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:fn';

before(async () => {
  harness = await startHarness('lambda-2015-03-31.min.json');
  lambda = new LambdaClient(clientConfig(harness));
});
after(async () => {
  lambda.destroy();
  await harness.close();
});

test('CreateFunction: JSON body with a base64 blob, maps and lists; 201 with the configuration', async () => {
  harness.respond('CreateFunction', {
    FunctionName: 'fn',
    FunctionArn: ARN,
    Runtime: 'nodejs20.x',
    Timeout: 30,
    MemorySize: 256,
    CodeSize: 3,
    Environment: { Variables: { A: '1' } },
    Architectures: ['x86_64'],
    LastModified: '2024-01-01T00:00:00.000+0000',
  });
  const out = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'fn',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::000000000000:role/r',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 3]) },
      Timeout: 30,
      Publish: true,
      Environment: { Variables: { A: '1' } },
      Tags: { team: 'core' },
      Architectures: ['x86_64'],
    }),
  );
  assert.deepEqual(harness.last().input, {
    FunctionName: 'fn',
    Runtime: 'nodejs20.x',
    Role: 'arn:aws:iam::000000000000:role/r',
    Handler: 'index.handler',
    Code: { ZipFile: Buffer.from([80, 75, 3]) },
    Timeout: 30,
    Publish: true,
    Environment: { Variables: { A: '1' } },
    Tags: { team: 'core' },
    Architectures: ['x86_64'],
  });
  assert.equal(out.$metadata.httpStatusCode, 201);
  assert.equal(out.FunctionArn, ARN);
  assert.deepEqual(out.Environment, { Variables: { A: '1' } });
  assert.equal(out.MemorySize, 256);
});

test('Invoke: label with an ARN, headers, query string and raw payload both ways', async () => {
  harness.respond('Invoke', {
    StatusCode: 200,
    FunctionError: 'Unhandled',
    LogResult: Buffer.from('log').toString('base64'),
    ExecutedVersion: '$LATEST',
    Payload: Buffer.from('{"ok":true}'),
  });
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: ARN,
      InvocationType: 'RequestResponse',
      LogType: 'Tail',
      Qualifier: '$LATEST',
      Payload: Buffer.from('{"x":1}'),
    }),
  );
  assert.deepEqual(harness.last().input, {
    FunctionName: ARN,
    InvocationType: 'RequestResponse',
    LogType: 'Tail',
    Qualifier: '$LATEST',
    Payload: Buffer.from('{"x":1}'),
  });
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, 'Unhandled');
  assert.equal(out.ExecutedVersion, '$LATEST');
  assert.equal(Buffer.from(out.LogResult ?? '', 'base64').toString(), 'log');
  assert.equal(Buffer.from(out.Payload ?? []).toString(), '{"ok":true}');
});

test('Invoke with an Event invocation answers 202 from the StatusCode member', async () => {
  harness.respond('Invoke', { StatusCode: 202 });
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'fn', InvocationType: 'Event' }));
  assert.equal(out.StatusCode, 202);
  assert.equal(out.$metadata.httpStatusCode, 202);
  assert.deepEqual(harness.last().input, { FunctionName: 'fn', InvocationType: 'Event' });
});

test('ListFunctions and UntagResource: query strings, integers and repeated list keys', async () => {
  harness.respond('ListFunctions', { Functions: [{ FunctionName: 'a' }], NextMarker: 'n' });
  const out = await lambda.send(new ListFunctionsCommand({ MaxItems: 5, Marker: 'm x' }));
  assert.deepEqual(harness.last().input, { MaxItems: 5, Marker: 'm x' });
  assert.equal(out.NextMarker, 'n');
  harness.respond('UntagResource', {});
  const untag = await lambda.send(new UntagResourceCommand({ Resource: ARN, TagKeys: ['a', 'b c'] }));
  assert.deepEqual(harness.last().input, { Resource: ARN, TagKeys: ['a', 'b c'] });
  assert.equal(untag.$metadata.httpStatusCode, 204);
});

test('errors: Lambda exceptions with Type/Message bodies and x-amzn-ErrorType', async () => {
  harness.respond(
    'GetFunction',
    new AwsError('ResourceNotFoundException', `Function not found: ${ARN}`, { status: 404 }),
  );
  const error = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' })).catch((e: unknown) => e);
  assert.ok(error instanceof ResourceNotFoundException, String(error));
  assert.equal(error.message, `Function not found: ${ARN}`);
  assert.equal(error.Type, 'User');
  assert.equal(error.$metadata.httpStatusCode, 404);
  assert.equal(error.$metadata.requestId, harness.lastRequestId);
  const res = await fetch(`${harness.endpoint}/2015-03-31/functions`, {
    method: 'POST',
    body: '{"Runtime":"x"}',
  });
  const body = (await res.json()) as Record<string, string>;
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('x-amzn-errortype'), 'ValidationException');
  assert.equal(
    body.message,
    "3 validation errors detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'role' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'code' failed to satisfy constraint: Member must not be null",
  );
  const unknown = await fetch(`${harness.endpoint}/2015-03-31/nothing-here`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  harness.respond('GetFunction', new AwsError('ServiceException', 'internal', { status: 500 }));
  const server = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' })).catch((e: unknown) => e);
  assert.ok(server instanceof LambdaServiceException);
  assert.equal(server.$fault, 'server');
});
