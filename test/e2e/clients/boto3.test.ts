import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { clientEnv, PYTHON, run } from '../../support/clients.js';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

// The Python file sits beside this test's source; the compiled test runs from dist/.
const SCRIPT = fileURLToPath(new URL('../../../../test/e2e/clients/boto3_sqs.py', import.meta.url));
const LAMBDA_SCRIPT = fileURLToPath(new URL('../../../../test/e2e/clients/boto3_lambda.py', import.meta.url));

for (const storage of storages()) {
  describe(`boto3 (query protocol) against SQS (${storage})`, () => {
    let nubis: NubisProcess;
    before(async () => (nubis = await startNubis({ storage })));
    after(() => nubis.stop());

    test('queues, messages, attributes, batches, FIFO, tags and errors', async () => {
      const { stdout } = await run(PYTHON, [SCRIPT, nubis.endpoint], { env: clientEnv() });
      assert.equal(stdout.trim(), 'ok');
    });
  });
}

for (const storage of storages()) {
  describe(`boto3 against Lambda (${storage})`, () => {
    let nubis: NubisProcess;
    before(async () => (nubis = await startNubis({ storage })));
    after(() => nubis.stop());

    test('create, wait, invoke, configure, versions, aliases, paginated listing and errors', async () => {
      const { stdout } = await run(PYTHON, [LAMBDA_SCRIPT, nubis.endpoint], { env: clientEnv() });
      assert.equal(stdout.trim(), 'ok');
    });
  });
}
