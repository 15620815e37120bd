import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lambdaVariables, type FunctionProcessConfig } from '../../../src/services/lambda/variables.js';

const base: FunctionProcessConfig = {
  functionName: 'fn',
  version: '$LATEST',
  runtime: 'nodejs20.x',
  handler: 'index.handler',
  memoryMb: 128,
  region: 'us-east-1',
  accountId: '000000000000',
  codeDirectory: '/data/code/abc',
  optDirectory: '/data/opt/def',
  logGroupName: '/aws/lambda/fn',
  logStreamName: 'stream',
  endpoint: 'http://127.0.0.1:4566',
  userVariables: {},
  initializationType: 'on-demand',
};

describe("a function's search paths", () => {
  test('Node.js: NODE_PATH in Lambda order with /opt replaced by the layers directory', () => {
    const variables = lambdaVariables(base);
    assert.equal(
      variables['NODE_PATH'],
      '/data/opt/def/nodejs/node20/node_modules:/data/opt/def/nodejs/node_modules:/data/code/abc',
    );
    assert.equal(variables['NUBIS_OPT_DIR'], '/data/opt/def');
    assert.match(variables['PATH'] ?? '', /:\/data\/opt\/def\/bin$/);
    assert.equal(variables['LD_LIBRARY_PATH'], '/data/code/abc:/data/code/abc/lib:/data/opt/def/lib');
    assert.equal(variables['PYTHONPATH'], undefined);
  });

  test('Python: the site-packages of the runtime, then python', () => {
    const variables = lambdaVariables({ ...base, runtime: 'python3.12', handler: 'app.handler' });
    assert.equal(
      variables['PYTHONPATH'],
      '/data/opt/def/python/lib/python3.12/site-packages:/data/opt/def/python',
    );
    assert.equal(variables['NODE_PATH'], undefined);
  });

  test('without layers nothing points at a layers directory', () => {
    const variables = lambdaVariables({ ...base, optDirectory: undefined });
    assert.equal(variables['NODE_PATH'], '/data/code/abc');
    assert.equal(variables['NUBIS_OPT_DIR'], undefined);
    assert.equal(variables['LD_LIBRARY_PATH'], '/data/code/abc:/data/code/abc/lib');
    assert.doesNotMatch(variables['PATH'] ?? '', /opt/);
  });

  test('a function may override the unreserved variables, not the reserved ones', () => {
    const variables = lambdaVariables({
      ...base,
      userVariables: { NODE_PATH: '/mine', TZ: 'Europe/Paris', AWS_REGION: 'eu-west-1' },
    });
    assert.equal(variables['NODE_PATH'], '/mine');
    assert.equal(variables['TZ'], 'Europe/Paris');
    assert.equal(variables['AWS_REGION'], 'us-east-1');
  });
});
