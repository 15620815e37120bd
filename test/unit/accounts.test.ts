import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountForAccessKey, DEFAULT_ACCOUNT_ID, issueTemporaryKey } from '../../src/core/accounts.js';

test('a 12-digit access key selects that account; any other key the default account', () => {
  assert.equal(accountForAccessKey('123456789012'), '123456789012');
  assert.equal(accountForAccessKey('test'), DEFAULT_ACCOUNT_ID);
  assert.equal(accountForAccessKey('AKIAIOSFODNN7EXAMPLE'), DEFAULT_ACCOUNT_ID);
  assert.equal(accountForAccessKey('1234567890123'), DEFAULT_ACCOUNT_ID);
  assert.equal(accountForAccessKey(undefined), DEFAULT_ACCOUNT_ID);
});

test('temporary keys look like AWS session keys and resolve to the account they were issued for', () => {
  for (const account of ['000000000000', '123456789012', '999999999999', '000000000001']) {
    const key = issueTemporaryKey(account);
    assert.match(key, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(accountForAccessKey(key), account);
  }
});

test('an ASIA key that Nubis did not issue maps to the default account', () => {
  assert.equal(accountForAccessKey('ASIAAAAAAAAAAAAAAAAA'), DEFAULT_ACCOUNT_ID);
  const key = issueTemporaryKey('123456789012');
  const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
  assert.equal(accountForAccessKey(tampered), DEFAULT_ACCOUNT_ID);
});
