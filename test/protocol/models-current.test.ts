// The vendored models must be byte-for-byte the ones in the installed aws-sdk packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staleModelFiles } from '../../scripts/vendor-models.js';

test('models/ is current with the aws-sdk packages (run `npm run models` if not)', () => {
  assert.deepEqual(staleModelFiles(), []);
});
