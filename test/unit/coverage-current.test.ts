import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COVERAGE_FILE, renderCoverage } from '../../scripts/coverage.js';

test('docs/coverage.md is current (regenerate with: npm run build && npm run coverage)', async () => {
  assert.equal(readFileSync(COVERAGE_FILE, 'utf8'), await renderCoverage());
});
