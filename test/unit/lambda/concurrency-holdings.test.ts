import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/core/clock.js';
import type { ConcurrencyClaims } from '../../../src/services/lambda/concurrency-claims.js';
import { ConcurrencyHoldings, HOLDINGS_TICK_MS } from '../../../src/services/lambda/concurrency-holdings.js';

/** Nodes' claims on one limit, kept as the database keeps them; `lapse` forgets a node's. */
class SharedClaims {
  readonly units = new Map<string, number>();
  claimCalls = 0;

  node(name: string): ConcurrencyClaims {
    return {
      claim: async (_scope, wanted, limit) => {
        this.claimCalls += 1;
        const others = [...this.units].filter(([node]) => node !== name).reduce((sum, [, n]) => sum + n, 0);
        const granted = Math.max(0, Math.min(wanted, limit - others));
        this.units.set(name, granted);
        return granted;
      },
      shrink: async (_scope, units) => void this.units.set(name, units),
      renew: async () => new Set(this.units.has(name) ? ['s'] : []),
      releaseAll: async () => void this.units.delete(name),
    };
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('two nodes together stay within the limit; the units one gives back go to the other', async () => {
  const clock = new ManualClock();
  const shared = new SharedClaims();
  const a = new ConcurrencyHoldings(shared.node('a'), clock);
  const b = new ConcurrencyHoldings(shared.node('b'), clock);
  assert.equal(await a.take('s', 3), true);
  assert.equal(await a.take('s', 3), true);
  assert.equal(await b.take('s', 3), true);
  assert.equal(await b.take('s', 3), false);
  a.give('s');
  // a still holds the unit for up to two ticks: it was busy with it in the last one.
  assert.equal(await b.take('s', 3), false);
  for (let tick = 0; tick < 2; tick += 1) {
    clock.advance(HOLDINGS_TICK_MS);
    await settle();
  }
  assert.equal(shared.units.get('a'), 1);
  assert.equal(await b.take('s', 3), true);
  assert.equal(shared.units.get('b'), 2);
});

test('invocations arriving together share one claim; at steady load no claim is made', async () => {
  const clock = new ManualClock();
  const shared = new SharedClaims();
  const holdings = new ConcurrencyHoldings(shared.node('a'), clock);
  const taken = await Promise.all(Array.from({ length: 5 }, () => holdings.take('s', 10)));
  assert.deepEqual(taken, [true, true, true, true, true]);
  assert.ok(shared.claimCalls <= 2, `${shared.claimCalls} claims`);
  const calls = shared.claimCalls;
  for (let round = 0; round < 20; round += 1) {
    holdings.give('s');
    assert.equal(holdings.take('s', 10), true);
  }
  assert.equal(shared.claimCalls, calls);
});

test('the local limit refuses at once, without asking for a claim', async () => {
  const shared = new SharedClaims();
  const holdings = new ConcurrencyHoldings(shared.node('a'), new ManualClock());
  assert.equal(await holdings.take('s', 1), true);
  const calls = shared.claimCalls;
  assert.equal(holdings.take('s', 1), false);
  assert.equal(shared.claimCalls, calls);
});

test('a claim that lapsed while the node went unheard is claimed again before it is used', async () => {
  const clock = new ManualClock();
  const shared = new SharedClaims();
  const a = new ConcurrencyHoldings(shared.node('a'), clock);
  assert.equal(await a.take('s', 2), true);
  assert.equal(await a.take('s', 2), true);
  a.give('s');
  a.give('s');
  shared.units.delete('a');
  shared.units.set('b', 2);
  clock.advance(HOLDINGS_TICK_MS);
  await settle();
  assert.equal(await a.take('s', 2), false);
});

test('a claim that fails fails the invocations waiting on it', async () => {
  const failing: ConcurrencyClaims = {
    claim: async () => {
      throw new Error('database unreachable');
    },
    shrink: async () => undefined,
    renew: async () => new Set(),
    releaseAll: async () => undefined,
  };
  const holdings = new ConcurrencyHoldings(failing, new ManualClock());
  await assert.rejects(Promise.resolve(holdings.take('s', 5)), /database unreachable/);
});

/** Claims answered only when the test says: every call waits in `calls` until it is resolved. */
class HeldBackClaims implements ConcurrencyClaims {
  readonly calls: { kind: 'claim' | 'shrink'; units: number; done(): void }[] = [];

  claim(_scope: string, wanted: number): Promise<number> {
    return new Promise((resolve) =>
      this.calls.push({ kind: 'claim', units: wanted, done: () => resolve(wanted) }),
    );
  }

  shrink(_scope: string, units: number): Promise<void> {
    return new Promise((resolve) => this.calls.push({ kind: 'shrink', units, done: () => resolve() }));
  }

  async renew(): Promise<Set<string>> {
    return new Set(['s']);
  }

  async releaseAll(): Promise<void> {}

  /** Answers the oldest call still waiting, which must be of `kind`. */
  async answer(kind: 'claim' | 'shrink'): Promise<number> {
    const call = this.calls.shift();
    assert.equal(call?.kind, kind);
    call.done();
    await settle();
    return call.units;
  }
}

test('units given back while a claim is out serve those queued behind it; the next claim counts them', async () => {
  const claims = new HeldBackClaims();
  const holdings = new ConcurrencyHoldings(claims, new ManualClock());
  const first = [holdings.take('s', 100), holdings.take('s', 100), holdings.take('s', 100)];
  assert.equal(await claims.answer('claim'), 1);
  assert.equal(await claims.answer('claim'), 3);
  assert.deepEqual(await Promise.all(first), [true, true, true]);
  // Three in flight on three units: one more waits on a claim, another queues behind that claim.
  const waiting = holdings.take('s', 100);
  const queued = holdings.take('s', 100);
  holdings.give('s');
  holdings.give('s');
  assert.equal(await claims.answer('claim'), 4);
  assert.equal(await waiting, true);
  // Two in flight on four units: the one queued takes a free unit instead of a smaller claim that
  // others arriving meanwhile could take first.
  assert.equal(await queued, true);
  assert.equal(claims.calls.length, 0);
  assert.equal(holdings.take('s', 100), true);
  const beyond = holdings.take('s', 100);
  assert.equal(await claims.answer('claim'), 5);
  assert.equal(await beyond, true);
});

test('a claim waits for a shrink in progress, and a scope being claimed is not forgotten', async () => {
  const clock = new ManualClock();
  const claims = new HeldBackClaims();
  const holdings = new ConcurrencyHoldings(claims, clock);
  const first = holdings.take('s', 1);
  await claims.answer('claim');
  assert.equal(await first, true);
  holdings.give('s');
  // The unit was busy in the first tick; the second gives it back.
  clock.advance(HOLDINGS_TICK_MS);
  await settle();
  clock.advance(HOLDINGS_TICK_MS);
  await settle();
  const during = holdings.take('s', 1);
  assert.deepEqual(
    claims.calls.map((call) => call.kind),
    ['shrink'],
  );
  assert.equal(await claims.answer('shrink'), 0);
  assert.equal(await claims.answer('claim'), 1);
  assert.equal(await during, true);
  // One in flight on a limit of one: the node still knows it.
  assert.equal(holdings.take('s', 1), false);
});
