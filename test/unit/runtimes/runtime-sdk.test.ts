import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

/** The SDK clients a function gets from Nubis's installation (runtime-packages.ts), one per service served. */
const FUNCTION_CLIENTS = [
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-cloudwatch-logs',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-dynamodb-streams',
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-sts',
  '@aws-sdk/lib-dynamodb',
];

test('the SDK clients functions import are installed without development dependencies', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    dependencies: Record<string, string>;
  };
  assert.deepEqual(
    FUNCTION_CLIENTS.filter((name) => manifest.dependencies[name] === undefined),
    [],
  );
});
