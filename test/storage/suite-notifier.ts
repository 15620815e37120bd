import assert from 'node:assert/strict';
import { it } from 'node:test';
import { deferred, type StorageFixture } from './fixture.js';

const QUEUE = 'sqs:000000000000:us-east-1:myqueue';

export function notifierTests(fx: () => StorageFixture): void {
  it('wakes local subscribers of the channel, until they unsubscribe', async () => {
    const { notifier } = await fx().open();
    const got: Array<string | undefined> = [];
    const other: Array<string | undefined> = [];
    const unsubscribe = notifier.subscribe(QUEUE, (payload) => got.push(payload));
    notifier.subscribe(`${QUEUE}2`, (payload) => other.push(payload));
    await notifier.notify(QUEUE, 'one');
    await notifier.notify(QUEUE);
    unsubscribe();
    await notifier.notify(QUEUE, 'after');
    assert.deepEqual(got, ['one', undefined]);
    assert.deepEqual(other, []);
  });

  it('keeps notifying the others when a listener throws', async () => {
    const { notifier } = await fx().open();
    const got: string[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      notifier.subscribe('c', () => {
        throw new Error('bad listener');
      });
      notifier.subscribe('c', (payload) => got.push(payload ?? ''));
      await notifier.notify('c', 'x');
    } finally {
      console.error = original;
    }
    assert.deepEqual(got, ['x']);
  });

  it('wakes subscribers on another node', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const received = deferred<string | undefined>();
    b.notifier.subscribe(QUEUE, (payload) => received.resolve(payload));
    await a.notifier.notify(QUEUE, 'from a');
    assert.equal(await received.promise, 'from a');
  });
}
