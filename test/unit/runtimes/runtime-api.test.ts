import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWAIT_NEXT_HEADER, RuntimeApi, type Invocation } from '../../../src/runtimes/runtime-api.js';

const invocation = (requestId: string): Invocation => ({
  requestId,
  payload: Buffer.from(JSON.stringify({ requestId })),
  deadlineMs: Date.now() + 60_000,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
});

async function call(api: RuntimeApi, method: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`http://${api.address}/2018-06-01/runtime/${path}`, { method, ...init });
  return {
    status: response.status,
    requestId: response.headers.get('lambda-runtime-aws-request-id'),
    body: await response.text(),
  };
}

test('the Runtime API as Lambda has it: next event, then 202 for the posted response', async () => {
  const api = await RuntimeApi.start();
  try {
    const next = call(api, 'GET', 'invocation/next');
    const result = api.invoke(invocation('first'));
    assert.equal((await next).requestId, 'first');
    const posted = await call(api, 'POST', 'invocation/first/response', { body: '"done"' });
    assert.deepEqual(posted, { status: 202, requestId: null, body: '{"status":"OK"}' });
    assert.deepEqual(await result, { kind: 'response', payload: Buffer.from('"done"') });
  } finally {
    await api.close();
  }
});

test('a response posted with Nubis-Await-Next is answered with the next event instead of 202', async () => {
  const api = await RuntimeApi.start();
  try {
    const next = call(api, 'GET', 'invocation/next');
    const first = api.invoke(invocation('first'));
    await next;
    const answered = call(api, 'POST', 'invocation/first/response', {
      body: '"one"',
      headers: { [AWAIT_NEXT_HEADER]: '1' },
    });
    assert.deepEqual(await first, { kind: 'response', payload: Buffer.from('"one"') });
    const second = api.invoke(invocation('second'));
    assert.deepEqual(await answered, { status: 200, requestId: 'second', body: '{"requestId":"second"}' });
    const failed = call(api, 'POST', 'invocation/second/error', {
      body: '{"errorMessage":"no"}',
      headers: { [AWAIT_NEXT_HEADER]: '1', 'Lambda-Runtime-Function-Error-Type': 'Boom' },
    });
    const error = await second;
    assert.equal(error.kind, 'error');
    assert.equal(error.kind === 'error' && error.errorType, 'Boom');
    api.invoke(invocation('third')).catch(() => undefined);
    assert.equal((await failed).requestId, 'third');
  } finally {
    await api.close();
  }
});

test('an unknown request id is refused at once, with or without Nubis-Await-Next', async () => {
  const api = await RuntimeApi.start();
  try {
    const refused = await call(api, 'POST', 'invocation/nobody/response', {
      body: '{}',
      headers: { [AWAIT_NEXT_HEADER]: '1' },
    });
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).errorType, 'InvalidRequestID');
  } finally {
    await api.close();
  }
});
