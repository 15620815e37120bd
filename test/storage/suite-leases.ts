import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { StorageFixture } from './fixture.js';

export function leaseTests(fx: () => StorageFixture): void {
  it('gives a lease to one node at a time', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const held = await a.leases.tryAcquire('sweeper', 1_000);
    assert.equal(held?.name, 'sweeper');
    assert.equal(await b.leases.tryAcquire('sweeper', 1_000), null);
    assert.equal(await a.leases.tryAcquire('sweeper', 1_000), null, 'exclusive even within a node');
    assert.notEqual(await b.leases.tryAcquire('other', 1_000), null);
  });

  it('concurrent attempts yield exactly one holder', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const leases = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).leases.tryAcquire('race', 1_000)),
    );
    assert.equal(leases.filter((lease) => lease !== null).length, 1);
  });

  it('renews, lets an expired lease be taken over, and stops the old holder renewing or releasing', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const first = await a.leases.tryAcquire('sweeper', 1_000);
    assert.ok(first);
    fx().clock.advance(900);
    assert.equal(await first.renew(1_000), true);
    fx().clock.advance(900);
    assert.equal(await b.leases.tryAcquire('sweeper', 1_000), null, 'renewed, so still held');
    fx().clock.advance(101);
    const second = await b.leases.tryAcquire('sweeper', 1_000);
    assert.ok(second, 'expired, so taken over');
    assert.equal(await first.renew(1_000), false);
    await first.release();
    assert.equal(await a.leases.tryAcquire('sweeper', 1_000), null, "the old holder's release is a no-op");
    await second.release();
    assert.ok(await a.leases.tryAcquire('sweeper', 1_000), 'released, so free');
  });
}
