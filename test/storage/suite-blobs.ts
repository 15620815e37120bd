import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { it } from 'node:test';
import type { StorageFixture } from './fixture.js';

export function blobTests(fx: () => StorageFixture): void {
  it('stores a blob and reads it whole and by range', async () => {
    const { blobs } = await fx().open();
    const body = randomBytes(100_000);
    const ref = await blobs.put(body);
    assert.equal(ref.size, body.length);
    assert.equal(ref.md5, createHash('md5').update(body).digest('hex'));
    assert.match(ref.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(await blobs.get(ref.id), body);
    assert.deepEqual(await blobs.get(ref.id, { start: 10, end: 20 }), body.subarray(10, 20));
    assert.deepEqual(await blobs.get(ref.id, { start: 99_990, end: 200_000 }), body.subarray(99_990));
    assert.deepEqual(await blobs.get(ref.id, { start: 5, end: 5 }), Buffer.alloc(0));
    assert.deepEqual(await blobs.get(ref.id, { start: 200_000, end: 300_000 }), Buffer.alloc(0));
  });

  it('stores an empty blob', async () => {
    const { blobs } = await fx().open();
    const ref = await blobs.put(Buffer.alloc(0));
    assert.deepEqual(ref, { id: ref.id, size: 0, md5: 'd41d8cd98f00b204e9800998ecf8427e' });
    assert.deepEqual(await blobs.get(ref.id), Buffer.alloc(0));
  });

  it('answers undefined for unknown or deleted blobs, and deletes idempotently', async () => {
    const { blobs } = await fx().open();
    const ref = await blobs.put(Buffer.from('hello'));
    await blobs.delete(ref.id);
    await blobs.delete(ref.id);
    assert.equal(await blobs.get(ref.id), undefined);
    assert.equal(await blobs.get('00000000-0000-0000-0000-000000000000'), undefined);
    assert.equal(await blobs.get('../nubis.db'), undefined);
  });

  it('shows a blob to another node on the same database', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const ref = await a.blobs.put(Buffer.from('shared'));
    assert.deepEqual(await b.blobs.get(ref.id), Buffer.from('shared'));
  });
}
