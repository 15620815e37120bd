import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  GetFunctionCommand,
} from '@aws-sdk/client-lambda';
import { storages } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects, useLambda, zipOf } from './support.js';

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const invalid = (message: string | RegExp) => ({
  name: 'InvalidParameterValueException',
  message,
  status: 400,
});
const validation = (message: RegExp) => ({ name: 'ValidationException', message, status: 400 });

for (const storage of storages()) {
  describe(`Lambda validation and tags (${storage})`, () => {
    const f = useLambda(storage);

    test('names, runtimes, handlers, roles and limits are checked as Lambda checks them', async () => {
      await rejects(
        createFunction(f.lambda, 'bad name'),
        validation(/at 'functionName' failed to satisfy constraint/),
      );
      await rejects(createFunction(f.lambda, 'x'.repeat(65)), validation(/less than or equal to 64/));
      await rejects(
        createFunction(f.lambda, 'java', { Runtime: 'java21' }),
        invalid(/^The runtime parameter of java21 is no longer supported/),
      );
      await rejects(
        createFunction(f.lambda, 'nohandler', { Handler: undefined }),
        invalid('Handler is required.'),
      );
      const provided = await createFunction(f.lambda, 'provided', {
        Runtime: 'provided.al2023',
        Handler: undefined,
        Code: { ZipFile: await zipOf({ bootstrap: '#!/bin/sh\n' }) },
      });
      assert.equal(provided.Handler, undefined);
      await rejects(createFunction(f.lambda, 'role', { Role: 'not-a-role' }), validation(/at 'role'/));
      await rejects(createFunction(f.lambda, 'memory', { MemorySize: 10241 }), validation(/at 'memorySize'/));
      await rejects(createFunction(f.lambda, 'memory', { MemorySize: 64 }), validation(/at 'memorySize'/));
      await rejects(createFunction(f.lambda, 'timeout', { Timeout: 901 }), validation(/at 'timeout'/));
      await rejects(createFunction(f.lambda, 'timeout', { Timeout: 0 }), validation(/at 'timeout'/));
      await rejects(
        createFunction(f.lambda, 'env', { Environment: { Variables: { BIG: 'x'.repeat(4096) } } }),
        invalid(/exceeded the 4KB limit/),
      );
      await rejects(
        createFunction(f.lambda, 'env', { Environment: { Variables: { AWS_REGION: 'x' } } }),
        invalid(/reserved keys .* AWS_REGION$/),
      );
    });

    test('packages: zip only, valid and non-empty', async () => {
      await rejects(
        createFunction(f.lambda, 'junk', { Code: { ZipFile: Buffer.from('not a zip at all') } }),
        invalid('Could not unzip uploaded file. Please check your file, then try to upload again.'),
      );
      await rejects(
        createFunction(f.lambda, 's3', { Code: { S3Bucket: 'b', S3Key: 'k.zip' } }),
        invalid(/not available yet/),
      );
      await rejects(
        createFunction(f.lambda, 'image', { Code: { ImageUri: 'repo/image:latest' } }),
        invalid(/ImageUri/),
      );
      await createFunction(f.lambda, 'kept');
      await rejects(
        f.lambda.send(
          new UpdateFunctionCodeCommand({ FunctionName: 'kept', ZipFile: Buffer.from('PK junk') }),
        ),
        invalid(/Could not unzip uploaded file/),
      );
      await rejects(
        f.lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'kept', Runtime: 'nodejs8.10' }),
        ),
        invalid(/nodejs8\.10 is no longer supported .* \(nodejs\d+\.x\)/),
      );
    });

    test('tags: on creation, added, removed; a full ARN is required', async () => {
      const created = await createFunction(f.lambda, 'tagged', { Tags: { team: 'core' } });
      const arn = arnOf('tagged');
      const tags = async () => (await f.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags;
      assert.deepEqual(await tags(), { team: 'core' });
      await f.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { team: 'edge', env: 'dev' } }));
      assert.deepEqual(await tags(), { team: 'edge', env: 'dev' });
      await f.lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['team', 'absent'] }));
      assert.deepEqual(await tags(), { env: 'dev' });
      const got = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }));
      assert.deepEqual(got.Tags, { env: 'dev' });
      assert.equal(got.Configuration?.LastModified, created.LastModified);
      await rejects(f.lambda.send(new ListTagsCommand({ Resource: 'tagged' })), validation(/at 'resource'/));
      await rejects(f.lambda.send(new ListTagsCommand({ Resource: arnOf('untagged') })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('untagged')}`,
        status: 404,
      });
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      await rejects(
        f.lambda.send(new TagResourceCommand({ Resource: arn, Tags: many })),
        invalid('Number of tags exceeds resource tag limit.'),
      );
    });
  });
}
