import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const run = promisify(execFile);
// The Python file sits beside this test's source; the compiled test runs from dist/.
const SCRIPT = fileURLToPath(new URL('../../../../test/e2e/clients/boto3_sqs.py', import.meta.url));

for (const storage of storages()) {
  describe(`boto3 (query protocol) against SQS (${storage})`, () => {
    let nubis: NubisProcess;
    before(async () => (nubis = await startNubis({ storage })));
    after(() => nubis.stop());

    test('queues, messages, attributes, batches, FIFO, tags and errors', async () => {
      const { stdout } = await run('/usr/bin/python3', [SCRIPT, nubis.endpoint], {
        env: { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      });
      assert.equal(stdout.trim(), 'ok');
    });
  });
}
