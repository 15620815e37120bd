import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import type { Job } from '../../src/storage/index.js';
import { deferred, turn, type StorageFixture } from './fixture.js';

export function jobTests(fx: () => StorageFixture): void {
  it('runs a job once it is due, with its payload', async () => {
    const { jobs } = await fx().open();
    const clock = fx().clock;
    const ran: Job[] = [];
    jobs.register('test.echo', async (job) => void ran.push(job));
    const id = await jobs.schedule({
      kind: 'test.echo',
      key: 'k',
      runAt: clock.now() + 1_000,
      payload: { n: 1 },
    });
    assert.equal(await jobs.runDue(), 0);
    clock.advance(999);
    assert.equal(await jobs.runDue(), 0);
    clock.advance(1);
    assert.equal(await jobs.runDue(), 1);
    assert.deepEqual(ran, [
      { id, kind: 'test.echo', key: 'k', runAt: clock.now(), attempts: 0, payload: { n: 1 } },
    ]);
    assert.equal(await jobs.runDue(), 0, 'a completed job is gone');
  });

  it('replaces a pending job scheduled again under the same key, and cancels by key', async () => {
    const { jobs } = await fx().open();
    const clock = fx().clock;
    const payloads: unknown[] = [];
    jobs.register('test.keyed', async (job) => void payloads.push(job.payload));
    await jobs.schedule({ kind: 'test.keyed', key: 'k', runAt: clock.now() + 1_000, payload: 'first' });
    await jobs.schedule({ kind: 'test.keyed', key: 'k', runAt: clock.now() + 500, payload: 'second' });
    await jobs.schedule({ kind: 'test.keyed', key: 'gone', runAt: clock.now(), payload: 'cancelled' });
    await jobs.cancel('test.keyed', 'gone');
    clock.advance(1_000);
    assert.equal(await jobs.runDue(), 1);
    assert.deepEqual(payloads, ['second']);
  });

  it('retries a failing job with exponential backoff, counting attempts', async () => {
    const { jobs } = await fx().open({ jobs: { retryBaseMs: 1_000, onError: () => undefined } });
    const clock = fx().clock;
    const attempts: number[] = [];
    jobs.register('test.flaky', async (job) => {
      attempts.push(job.attempts);
      if (job.attempts < 2) throw new Error('not yet');
    });
    await jobs.schedule({ kind: 'test.flaky', runAt: clock.now() });
    assert.equal(await jobs.runDue(), 1);
    clock.advance(999);
    assert.equal(await jobs.runDue(), 0);
    clock.advance(1);
    assert.equal(await jobs.runDue(), 1);
    clock.advance(1_999);
    assert.equal(await jobs.runDue(), 0, 'the second retry waits twice as long');
    clock.advance(1);
    assert.equal(await jobs.runDue(), 1);
    assert.deepEqual(attempts, [0, 1, 2]);
    clock.advance(60_000);
    assert.equal(await jobs.runDue(), 0, 'succeeded, so gone');
  });

  it('reschedules a job that asks to run again, with a new payload', async () => {
    const { jobs } = await fx().open();
    const clock = fx().clock;
    const seen: unknown[] = [];
    jobs.register('test.recurring', async (job) => {
      const n = job.payload as number;
      seen.push(n);
      return n < 3 ? { rescheduleAt: clock.now() + 100, payload: n + 1 } : undefined;
    });
    await jobs.schedule({ kind: 'test.recurring', runAt: clock.now(), payload: 1 });
    for (let i = 0; i < 3; i++) {
      assert.equal(await jobs.runDue(), 1);
      assert.equal(await jobs.runDue(), 0);
      clock.advance(100);
    }
    assert.equal(await jobs.runDue(), 0);
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('schedules inside a transaction, and not at all when it rolls back', async () => {
    const { db, jobs } = await fx().open();
    const ran: unknown[] = [];
    jobs.register('test.tx', async (job) => void ran.push(job.payload));
    const runAt = fx().clock.now();
    await db.transaction((tx) => jobs.schedule({ kind: 'test.tx', runAt, payload: 'kept' }, tx));
    await assert.rejects(
      db.transaction(async (tx) => {
        await jobs.schedule({ kind: 'test.tx', runAt, payload: 'lost' }, tx);
        throw new Error('roll back');
      }),
    );
    assert.equal(await jobs.runDue(), 1);
    assert.deepEqual(ran, ['kept']);
  });

  it('leaves a job whose kind has no handler here for a node that has one', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    await a.jobs.schedule({ kind: 'test.elsewhere', runAt: fx().clock.now() });
    assert.equal(await a.jobs.runDue(), 0);
    b.jobs.register('test.elsewhere', async () => undefined);
    assert.equal(await b.jobs.runDue(), 1);
  });

  it('runs each job exactly once when two nodes claim concurrently', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const runs = new Map<string, number>();
    const handler = async (job: Job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await turn();
    };
    a.jobs.register('test.once', handler);
    b.jobs.register('test.once', handler);
    const now = fx().clock.now();
    const ids = await Promise.all(
      Array.from({ length: 120 }, (_, i) => a.jobs.schedule({ kind: 'test.once', runAt: now - i })),
    );
    const counts = await Promise.all([a.jobs.runDue(), b.jobs.runDue(), a.jobs.runDue(), b.jobs.runDue()]);
    assert.equal(
      counts.reduce((x, y) => x + y, 0),
      120,
    );
    assert.deepEqual([...runs.keys()].sort(), [...ids].sort());
    assert.ok([...runs.values()].every((n) => n === 1));
  });

  it("retries a crashed node's claims once they expire", async () => {
    const frozen = new ManualClock(fx().clock.now()); // the crashed node: its time never moves again
    const crashed = await fx().open({ nodeId: 'crashed', clock: frozen, jobs: { claimTtlMs: 60_000 } });
    const survivor = await fx().open({ nodeId: 'survivor' });
    const started = deferred();
    const hang = deferred();
    crashed.jobs.register('test.claimed', async () => {
      started.resolve();
      await hang.promise;
    });
    const ran: string[] = [];
    survivor.jobs.register('test.claimed', async (job) => void ran.push(job.id));
    const id = await survivor.jobs.schedule({ kind: 'test.claimed', runAt: fx().clock.now() });
    const stuck = crashed.jobs.runDue();
    await started.promise;
    assert.equal(await survivor.jobs.runDue(), 0, 'claimed by the other node');
    fx().clock.advance(60_000);
    assert.equal(await survivor.jobs.runDue(), 1, 'the claim lapsed');
    assert.deepEqual(ran, [id]);
    hang.resolve(); // the "dead" node finishing late must not resurrect or duplicate anything
    await stuck;
    assert.equal(await survivor.jobs.runDue(), 0);
    assert.deepEqual(await survivor.db.all('SELECT id FROM nubis_jobs'), []);
  });

  it('lets a job replaced while it runs run again afterwards', async () => {
    const { jobs } = await fx().open();
    const clock = fx().clock;
    const started = deferred();
    const release = deferred();
    const payloads: unknown[] = [];
    jobs.register('test.replaced', async (job) => {
      payloads.push(job.payload);
      if (job.payload !== 'old') return;
      started.resolve();
      await release.promise;
    });
    await jobs.schedule({ kind: 'test.replaced', key: 'k', runAt: clock.now(), payload: 'old' });
    const running = jobs.runDue();
    await started.promise;
    await jobs.schedule({ kind: 'test.replaced', key: 'k', runAt: clock.now(), payload: 'new' });
    assert.equal(await jobs.runDue(), 0, 'not while the old version runs');
    release.resolve();
    assert.equal(await running, 1);
    assert.equal(await jobs.runDue(), 1);
    assert.deepEqual(payloads, ['old', 'new']);
  });
}
