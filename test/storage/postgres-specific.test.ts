import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ManualClock } from '../../src/core/clock.js';
import { createStorage, type Storage } from '../../src/storage/index.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { deferred } from './fixture.js';

describe('storage (postgres only)', () => {
  let database: TestDatabase;
  let a: Storage;
  let b: Storage;
  const open = (nodeId: string) =>
    createStorage({
      kind: 'postgres',
      dataDir: '/nonexistent',
      postgresUrl: database.url,
      clock: new ManualClock(),
      nodeId,
    });

  before(async () => {
    database = await createTestDatabase();
    a = await open('a');
    b = await open('b');
    await a.db.run('CREATE TABLE t_rows (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)');
    await a.db.run('INSERT INTO t_rows (id, v) VALUES (1, 0), (2, 0), (3, 0)');
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('skips rows locked by another transaction with FOR UPDATE SKIP LOCKED', async () => {
    const firstHolds = deferred();
    const secondDone = deferred();
    const pick = 'SELECT id FROM t_rows ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED';
    const first = a.db.transaction(async (tx) => {
      const row = await tx.one<{ id: number }>(pick);
      firstHolds.resolve();
      await secondDone.promise;
      return row?.id;
    });
    await firstHolds.promise;
    const second = await b.db.transaction((tx) => tx.one<{ id: number }>(pick));
    secondDone.resolve();
    assert.equal(await first, 1);
    assert.equal(second?.id, 2);
  });

  it('runs a transaction again when PostgreSQL aborts it as a deadlock victim', async () => {
    let attempts = 0;
    const aHolds = deferred();
    const bHolds = deferred();
    const lockBoth = (
      db: Storage['db'],
      mine: number,
      theirs: number,
      held: typeof aHolds,
      other: typeof aHolds,
    ) =>
      db.transaction(async (tx) => {
        attempts++;
        await tx.run('UPDATE t_rows SET v = v + 1 WHERE id = :id', { id: mine });
        held.resolve();
        await other.promise;
        await tx.run('UPDATE t_rows SET v = v + 1 WHERE id = :id', { id: theirs });
      });
    await Promise.all([lockBoth(a.db, 1, 2, aHolds, bHolds), lockBoth(b.db, 2, 1, bHolds, aHolds)]);
    assert.equal(attempts, 3, 'the victim ran twice');
    assert.deepEqual(await a.db.all('SELECT v FROM t_rows WHERE id IN (1, 2) ORDER BY id'), [
      { v: 2 },
      { v: 2 },
    ]);
  });

  it('returns BIGINT, NUMERIC and booleans as numbers', async () => {
    const row = await a.db.one(
      "SELECT 9007199254740991::bigint AS big, SUM(v) AS total, 1 = 1 AS yes, 'x' = 'y' AS no FROM t_rows",
    );
    assert.deepEqual(row, { big: 9007199254740991, total: 4, yes: 1, no: 0 });
  });

  it('refuses a notification too large for NOTIFY', async () => {
    await assert.rejects(a.notifier.notify('big', 'x'.repeat(8_000)), /exceeds/);
  });

  it('reconnects a dropped LISTEN connection and wakes subscribers to look again', async () => {
    const woken = deferred<string | undefined>();
    const after = deferred<string | undefined>();
    let calls = 0;
    b.notifier.subscribe('queue', (payload) => (++calls === 1 ? woken : after).resolve(payload));
    const original = console.error;
    console.error = () => undefined;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN nubis'",
      );
      assert.equal(await woken.promise, undefined, 'woken after reconnecting');
    } finally {
      console.error = original;
      await admin.end();
    }
    await a.notifier.notify('queue', 'after reconnect');
    assert.equal(await after.promise, 'after reconnect');
  });
});
