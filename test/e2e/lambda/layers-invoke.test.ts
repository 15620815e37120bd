import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, countBlobs, ROLE, zipOf } from './support.js';

const greeter = (who: string) => ({
  'nodejs/node_modules/greeter/package.json': '{"name":"greeter","main":"index.js"}',
  'nodejs/node_modules/greeter/index.js': `module.exports = { greet: () => 'hello from ${who}' };`,
});

const LAYER_A = {
  ...greeter('A'),
  'nodejs/node_modules/esm-only/package.json': '{"name":"esm-only","type":"module","exports":"./index.js"}',
  'nodejs/node_modules/esm-only/index.js': "export const kind = 'an ES module package';",
  'nodejs/node22/node_modules/versioned/index.js': "module.exports = 'from nodejs/node22';",
  'shared/extra.js': "module.exports = 'a literal /opt path';",
  'shared/extra.mjs': "export default 'a literal /opt path';",
  'python/layered.py': "WHERE = 'python'",
  'python/lib/python3.12/site-packages/sited.py': "WHERE = 'site-packages'",
};

const ESM_FUNCTION = {
  'index.mjs': `
    import greeter from 'greeter';
    import { kind } from 'esm-only';
    import versioned from 'versioned';
    import extra from '/opt/shared/extra.mjs';
    export const handler = async () => ({ greeting: greeter.greet(), kind, versioned, extra });`,
};

const CJS_FUNCTION = {
  'index.js': `
    const { greet } = require('greeter');
    const versioned = require('versioned');
    const extra = require('/opt/shared/extra.js');
    exports.handler = async () => ({ greeting: greet(), versioned, extra });`,
};

const PYTHON_FUNCTION = {
  'handler.py': `
import layered, sited
def handler(event, context):
    return {'layered': layered.WHERE, 'sited': sited.WHERE}
`,
};

/** The AWS SDK comes with the runtime: the functions bundle none. */
const SDK_FUNCTIONS = {
  'esm.mjs': `
    import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
    const sqs = new SQSClient({});
    export const handler = async (event) =>
      (await sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl, MessageBody: 'from import' }))).MessageId;`,
  'cjs.js': `
    const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
    const sqs = new SQSClient({});
    exports.handler = async (event) =>
      (await sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl, MessageBody: 'from require' }))).MessageId;`,
};

/** A custom runtime in a layer: Lambda runs /opt/bootstrap when the function's code has none. */
const CUSTOM_RUNTIME = {
  bootstrap: `#!/usr/bin/env node
const { execFileSync } = require('node:child_process');
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime/invocation';
(async () => {
  for (;;) {
    const next = await fetch(api + '/next');
    const id = next.headers.get('lambda-runtime-aws-request-id');
    const tool = execFileSync('greet-tool', { encoding: 'utf8' }).trim();
    await fetch(api + '/' + id + '/response', { method: 'POST', body: JSON.stringify({ tool, handler: process.env._HANDLER }) });
  }
})();
`,
  'bin/greet-tool': '#!/bin/sh\necho "found on PATH in /opt/bin"\n',
};

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as unknown;

for (const storage of storages()) {
  describe(`Lambda layers inside functions (${storage})`, () => {
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    const layers: Record<string, string> = {};

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
      const contents = { a: LAYER_A, b: greeter('B') };
      for (const [name, files] of Object.entries(contents)) {
        const published = await lambda.send(
          new PublishLayerVersionCommand({
            LayerName: `layer-${name}`,
            Content: { ZipFile: await zipOf(files) },
          }),
        );
        layers[name] = published.LayerVersionArn ?? '';
      }
    });
    after(async () => {
      lambda?.destroy();
      await nubis?.stop();
    });

    async function create(
      name: string,
      files: Record<string, string>,
      input: Partial<CreateFunctionCommandInput>,
    ) {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Role: ROLE,
          Timeout: 30,
          Code: { ZipFile: await zipOf(files) },
          ...input,
        }),
      );
    }

    async function invoke(name: string, event: unknown = {}) {
      const output = await lambda.send(
        new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
      );
      assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
      return decode(output.Payload);
    }

    test('a CommonJS handler requires them; a later layer overrides an earlier one', async () => {
      await create('cjs-layered', CJS_FUNCTION, { Layers: [layers['a'] ?? ''] });
      const expected = {
        greeting: 'hello from A',
        versioned: 'from nodejs/node22',
        extra: 'a literal /opt path',
      };
      assert.deepEqual(await invoke('cjs-layered'), expected);
      await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'cjs-layered',
          Layers: [layers['a'] ?? '', layers['b'] ?? ''],
        }),
      );
      assert.deepEqual(await invoke('cjs-layered'), { ...expected, greeting: 'hello from B' });
    });

    test('an ES module handler imports packages and /opt paths from a layer, in a pre-started process too', async () => {
      await create('esm-layered', ESM_FUNCTION, { Layers: [layers['a'] ?? ''] });
      assert.deepEqual(await invoke('esm-layered'), {
        greeting: 'hello from A',
        kind: 'an ES module package',
        versioned: 'from nodejs/node22',
        extra: 'a literal /opt path',
      });
    });

    test('a Python handler imports from the layer python and site-packages folders', async () => {
      await create('python-layered', PYTHON_FUNCTION, {
        Runtime: 'python3.12',
        Handler: 'handler.handler',
        Layers: [layers['a'] ?? ''],
      });
      assert.deepEqual(await invoke('python-layered'), { layered: 'python', sited: 'site-packages' });
    });

    test('a custom runtime comes from a layer and finds its tools on PATH', async () => {
      const published = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'custom-runtime',
          Content: { ZipFile: await zipOf(CUSTOM_RUNTIME, ['bootstrap', 'bin/greet-tool']) },
        }),
      );
      await create(
        'custom',
        { 'function.sh': 'unused' },
        {
          Runtime: 'provided.al2023',
          Handler: 'function.handler',
          Layers: [published.LayerVersionArn ?? ''],
        },
      );
      assert.deepEqual(await invoke('custom'), {
        tool: 'found on PATH in /opt/bin',
        handler: 'function.handler',
      });
    });

    test('the AWS SDK is importable and requirable without bundling it, and talks to Nubis', async () => {
      const sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'from-functions' }));
      for (const module of ['esm', 'cjs']) {
        await create(`sdk-${module}`, SDK_FUNCTIONS, { Handler: `${module}.handler` });
        assert.equal(typeof (await invoke(`sdk-${module}`, { queueUrl: QueueUrl })), 'string');
      }
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      assert.deepEqual(Messages?.map((message) => message.Body).sort(), ['from import', 'from require']);
      sqs.destroy();
    });

    test('a deleted layer version keeps working for the function that uses it', async () => {
      const published = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'short-lived',
          Content: { ZipFile: await zipOf(greeter('C')) },
        }),
      );
      const code =
        "const { greet } = require('greeter'); exports.handler = async () => ({ greeting: greet() });";
      await create('keeps-layer', { 'index.js': code }, { Layers: [published.LayerVersionArn ?? ''] });
      await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'short-lived', VersionNumber: 1 }));
      // Past the deleted version's sweep; then a new environment unpacks everything again.
      await nubis.advanceClock(5 * 60_000);
      rmSync(join(nubis.dataDir, 'lambda', 'opt'), { recursive: true, force: true });
      rmSync(join(nubis.dataDir, 'lambda', 'code'), { recursive: true, force: true });
      await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'keeps-layer', Description: 'again' }),
      );
      assert.deepEqual(await invoke('keeps-layer'), { greeting: 'hello from C' });
    });

    test('a deleted layer version keeps working for a published version that uses it, until that goes', async () => {
      const published = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'pinned-by-version',
          Content: { ZipFile: await zipOf(greeter('D')) },
        }),
      );
      const code =
        "const { greet } = require('greeter'); exports.handler = async () => ({ greeting: greet() });";
      await create(
        'pinned',
        { 'index.js': code },
        { Layers: [published.LayerVersionArn ?? ''], Publish: true },
      );
      // $LATEST lets go of the layer; version 1 keeps it in its own configuration.
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'pinned', Layers: [] }));
      await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'pinned-by-version', VersionNumber: 1 }));
      const blobs = await countBlobs(nubis);
      await nubis.advanceClock(5 * 60_000);
      assert.equal(await countBlobs(nubis), blobs, 'the sweep keeps the layer version of version 1');
      rmSync(join(nubis.dataDir, 'lambda', 'opt'), { recursive: true, force: true });
      rmSync(join(nubis.dataDir, 'lambda', 'code'), { recursive: true, force: true });
      assert.deepEqual(await invoke('pinned:1'), { greeting: 'hello from D' });
      const version = await lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'pinned', Qualifier: '1' }),
      );
      assert.deepEqual(
        version.Layers?.map((layer) => layer.Arn),
        [published.LayerVersionArn],
      );

      // Once the last version using it is deleted, the sweep removes the layer version's package
      // (the function's own package stays: $LATEST shares it).
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'pinned', Qualifier: '1' }));
      await nubis.advanceClock(5 * 60_000);
      assert.equal(await countBlobs(nubis), blobs - 1);
    });
  });
}
