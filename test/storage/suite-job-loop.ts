import assert from 'node:assert/strict';
import { it } from 'node:test';
import { JOBS_CHANNEL, type Job } from '../../src/storage/index.js';
import { deferred, turn, type StorageFixture } from './fixture.js';

export function jobLoopTests(fx: () => StorageFixture): void {
  it('runs due jobs as the clock advances, without anyone calling runDue', async () => {
    const { jobs } = await fx().open();
    const clock = fx().clock;
    const ran: string[] = [];
    let next = deferred();
    jobs.register('test.loop', async (job) => {
      ran.push(job.payload as string);
      next.resolve();
    });
    jobs.start();
    await jobs.schedule({ kind: 'test.loop', runAt: clock.now() + 1_000, payload: 'late' });
    await jobs.schedule({ kind: 'test.loop', runAt: clock.now() + 300, payload: 'early' });
    await jobs.idle();
    clock.advance(300);
    await next.promise;
    await jobs.idle();
    assert.deepEqual(ran, ['early']);
    next = deferred();
    clock.advance(700);
    await next.promise;
    await jobs.idle();
    assert.deepEqual(ran, ['early', 'late']);
  });

  it('runs jobs that were already due when it starts', async () => {
    const { jobs } = await fx().open();
    const ran = deferred<Job>();
    jobs.register('test.overdue', async (job) => ran.resolve(job));
    await jobs.schedule({ kind: 'test.overdue', runAt: fx().clock.now() - 5_000 });
    jobs.start();
    assert.equal((await ran.promise).kind, 'test.overdue');
  });

  it('is woken by a job scheduled on another node', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const clock = fx().clock;
    const ran = deferred<Job>();
    b.jobs.register('test.remote', async (job) => ran.resolve(job));
    b.jobs.start();
    await b.jobs.idle();
    const told = deferred<string | undefined>();
    b.notifier.subscribe(JOBS_CHANNEL, (payload) => told.resolve(payload));
    await a.jobs.schedule({ kind: 'test.remote', runAt: clock.now() + 100 });
    assert.equal(await told.promise, String(clock.now() + 100));
    await b.jobs.idle();
    clock.advance(100); // well before b's next poll: only the notification can have re-armed it
    assert.equal((await ran.promise).kind, 'test.remote');
  });

  it('stop waits for running handlers and ends the loop', async () => {
    const { jobs } = await fx().open();
    const started = deferred();
    const release = deferred();
    let runs = 0;
    jobs.register('test.stop', async () => {
      runs++;
      started.resolve();
      await release.promise;
    });
    jobs.start();
    await jobs.schedule({ kind: 'test.stop', runAt: fx().clock.now() });
    await started.promise;
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await turn();
    assert.equal(stopped, false);
    release.resolve();
    await stopping;
    await jobs.schedule({ kind: 'test.stop', runAt: fx().clock.now() });
    fx().clock.advance(60_000);
    await jobs.idle();
    assert.equal(runs, 1, 'a stopped loop runs nothing');
  });
}
