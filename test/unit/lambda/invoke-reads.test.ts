import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeReads } from '../../../src/services/lambda/invoke-reads.js';

function counting(value: string) {
  const reader = { reads: 0, read: async () => (reader.reads++, value) };
  return reader;
}

test('a key is read once while its entry lives; concurrent invokes share the read', async () => {
  let now = 0;
  const reads = new InvokeReads(1_000, () => now);
  const row = counting('row');
  assert.deepEqual(await Promise.all([reads.get('k', row.read), reads.get('k', row.read)]), ['row', 'row']);
  now = 999;
  assert.equal(await reads.get('k', row.read), 'row');
  assert.equal(row.reads, 1);
});

test('an entry lapses after a second, so a change announced to no one is seen by then', async () => {
  let now = 0;
  const reads = new InvokeReads(1_000, () => now);
  const row = counting('row');
  await reads.get('k', row.read);
  now = 1_000;
  await reads.get('k', row.read);
  assert.equal(row.reads, 2);
});

test('clearing drops every entry, a read still in flight included', async () => {
  const reads = new InvokeReads(1_000, () => 0);
  let finish: (value: string) => void = () => undefined;
  const stale = reads.get('k', () => new Promise<string>((resolve) => (finish = resolve)));
  reads.clear();
  finish('before the write');
  assert.equal(await stale, 'before the write');
  assert.equal(await reads.get('k', async () => 'after the write'), 'after the write');
});

test('a failed read is not kept', async () => {
  const reads = new InvokeReads(1_000, () => 0);
  await assert.rejects(
    reads.get('k', async () => {
      throw new Error('ResourceNotFoundException');
    }),
  );
  assert.equal(await reads.get('k', async () => 'found'), 'found');
});
