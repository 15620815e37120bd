import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli } from '../../support/clients.js';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ROLE, zipOf } from './support.js';

for (const storage of storages()) {
  describe(`AWS CLI against Lambda (${storage})`, () => {
    let nubis: NubisProcess;
    let work: string;
    let aws: (...args: string[]) => Promise<string>;
    before(async () => {
      nubis = await startNubis({ storage });
      work = mkdtempSync(join(tmpdir(), 'nubis-cli-lambda-'));
      aws = (...args) => awsCli(nubis.endpoint, '--output', 'json', ...args);
    });
    after(async () => {
      await nubis.stop();
      rmSync(work, { recursive: true, force: true });
    });

    test('create-function --zip-file fileb://… and invoke a Python function', async () => {
      const zipPath = join(work, 'function.zip');
      writeFileSync(
        zipPath,
        await zipOf({ 'app.py': 'def handler(event, context):\n    return {"hello": event["name"]}\n' }),
      );
      const created = JSON.parse(
        await aws(
          'lambda',
          'create-function',
          '--function-name',
          'py-cli',
          '--runtime',
          'python3.12',
          '--handler',
          'app.handler',
          '--role',
          ROLE,
          '--zip-file',
          `fileb://${zipPath}`,
        ),
      );
      assert.equal(created.FunctionName, 'py-cli');
      const outFile = join(work, 'out.json');
      const invoked = JSON.parse(
        await aws(
          'lambda',
          'invoke',
          '--function-name',
          'py-cli',
          '--cli-binary-format',
          'raw-in-base64-out',
          '--payload',
          '{"name":"nubis"}',
          outFile,
        ),
      );
      assert.equal(invoked.StatusCode, 200);
      assert.deepEqual(JSON.parse(readFileSync(outFile, 'utf8')), { hello: 'nubis' });
    });
  });
}
