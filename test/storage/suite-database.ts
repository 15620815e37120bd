import assert from 'node:assert/strict';
import { it } from 'node:test';
import { afterCommit, type Database, type Storage } from '../../src/storage/index.js';
import { turn, type StorageFixture } from './fixture.js';

async function withTable(fx: () => StorageFixture): Promise<Storage> {
  const node = await fx().open();
  await node.db.run('CREATE TABLE t_items (id TEXT PRIMARY KEY, n BIGINT, note TEXT, data BYTEA)');
  return node;
}

async function ids(db: Database): Promise<string[]> {
  return (await db.all<{ id: string }>('SELECT id FROM t_items ORDER BY id')).map((r) => r.id);
}

export function databaseTests(fx: () => StorageFixture): void {
  it('reads and writes with named parameters', async () => {
    const { db } = await withTable(fx);
    const epochMs = Date.UTC(2026, 0, 1, 12);
    const insert = 'INSERT INTO t_items (id, n, note, data) VALUES (:id, :n, :note, :data)';
    assert.deepEqual(await db.run(insert, { id: 'a', n: epochMs, note: null, data: Buffer.from([0, 255]) }), {
      changes: 1,
    });
    await db.run(insert, { id: 'b', n: 2n, note: 'two', data: new Uint8Array([1]) });
    const a = await db.one<{ n: number; note: null; data: Buffer }>(
      'SELECT n, note, data FROM t_items WHERE id = :id',
      {
        id: 'a',
      },
    );
    assert.deepEqual(a, { n: epochMs, note: null, data: Buffer.from([0, 255]) });
    assert.equal(typeof a?.n, 'number');
    assert.deepEqual(
      await db.all('SELECT id FROM t_items WHERE n > :min OR id = :id ORDER BY id', { min: 1, id: 'a' }),
      [{ id: 'a' }, { id: 'b' }],
    );
    assert.deepEqual(await db.one('SELECT COUNT(*) AS c FROM t_items'), { c: 2 });
    assert.equal(await db.one('SELECT id FROM t_items WHERE id = :id', { id: 'zz' }), undefined);
    assert.deepEqual(await db.run('UPDATE t_items SET note = :note', { note: 'x' }), { changes: 2 });
    assert.deepEqual(await db.run('DELETE FROM t_items WHERE id = :id', { id: 'b' }), { changes: 1 });
  });

  it('leaves colons inside literals alone and rejects a missing parameter', async () => {
    const { db } = await withTable(fx);
    const row = await db.one("SELECT ':x' AS s, 'it''s :y' AS q, :z AS z", { z: 'zed' });
    assert.deepEqual(row, { s: ':x', q: "it's :y", z: 'zed' });
    await assert.rejects(db.run('INSERT INTO t_items (id) VALUES (:id)', {}), /Missing named parameter "id"/);
  });

  it('returns rows from RETURNING and upserts with ON CONFLICT', async () => {
    const { db } = await withTable(fx);
    const upsert = `INSERT INTO t_items (id, n) VALUES (:id, :n)
      ON CONFLICT (id) DO UPDATE SET n = t_items.n + excluded.n RETURNING id, n`;
    assert.deepEqual(await db.all(upsert, { id: 'a', n: 5 }), [{ id: 'a', n: 5 }]);
    assert.deepEqual(await db.all(upsert, { id: 'a', n: 5 }), [{ id: 'a', n: 10 }]);
    const nothing = 'INSERT INTO t_items (id, n) VALUES (:id, :n) ON CONFLICT (id) DO NOTHING';
    assert.deepEqual(await db.run(nothing, { id: 'a', n: 1 }), { changes: 0 });
    assert.deepEqual(await db.one('SELECT n FROM t_items'), { n: 10 });
  });

  it('commits a transaction and rolls one back on a throw', async () => {
    const { db } = await withTable(fx);
    const value = await db.transaction(async (tx) => {
      await tx.run("INSERT INTO t_items (id) VALUES ('a')");
      return 42;
    });
    assert.equal(value, 42);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t_items (id) VALUES ('b')");
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await ids(db), ['a']);
  });

  it('keeps other callers out of an open transaction', async () => {
    const { db } = await withTable(fx);
    let outside: Promise<unknown> | undefined;
    let seen: unknown;
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t_items (id) VALUES ('inside')");
        // Issued by someone else while the transaction is open: it must neither see nor join it.
        outside = db.one('SELECT COUNT(*) AS c FROM t_items').then((row) => {
          seen = row;
          return db.run("INSERT INTO t_items (id) VALUES ('outside')");
        });
        await turn();
        throw new Error('roll back');
      }),
    );
    await outside;
    assert.deepEqual(seen, { c: 0 });
    assert.deepEqual(await ids(db), ['outside']);
  });

  it('runs concurrent transactions without losing updates', async () => {
    const { db } = await withTable(fx);
    await db.run("INSERT INTO t_items (id, n) VALUES ('counter', 0)");
    await db.run('CREATE TABLE t_log (n BIGINT PRIMARY KEY)');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const row = await tx.one<{ n: number }>(
            "UPDATE t_items SET n = n + 1 WHERE id = 'counter' RETURNING n",
          );
          await turn();
          await tx.run('INSERT INTO t_log (n) VALUES (:n)', { n: row!.n });
          return row!.n;
        }),
      ),
    );
    assert.deepEqual(
      results.sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.deepEqual(await db.one('SELECT COUNT(*) AS c, MAX(n) AS m FROM t_log'), { c: 20, m: 20 });
  });

  it('rolls back only the failing one of many concurrent transactions (SQLite commits them as a group)', async () => {
    const { db } = await withTable(fx);
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO t_items (id, n) VALUES (:id, :n)', {
            id: `k${String(i).padStart(2, '0')}`,
            n: i,
          });
          await turn();
          if (i % 7 === 3) throw new Error(`member ${i} fails`);
          return i;
        }),
      ),
    );
    const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
    assert.deepEqual(failed, [3, 10, 17, 24]);
    const kept = (await ids(db)).map((id) => Number(id.slice(1)));
    assert.deepEqual(
      kept,
      Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 7 !== 3),
    );
    // A statement outside any transaction sees every acknowledged one.
    const count = await db.one<{ c: number }>('SELECT COUNT(*) AS c FROM t_items');
    assert.equal(count?.c, 26);
  });

  it('treats a nested transaction as a savepoint', async () => {
    const { db } = await withTable(fx);
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO t_items (id) VALUES ('outer')");
      await assert.rejects(
        tx.transaction(async (inner) => {
          await inner.run("INSERT INTO t_items (id) VALUES ('inner')");
          throw new Error('inner fails');
        }),
      );
      await tx.transaction((inner) => inner.run("INSERT INTO t_items (id) VALUES ('kept')"));
    });
    assert.deepEqual(await ids(db), ['kept', 'outer']);
  });

  it('refuses a transaction handle once its transaction ended', async () => {
    const { db } = await withTable(fx);
    const leaked = await db.transaction(async (tx) => tx);
    await assert.rejects(leaked.run('SELECT 1'), /after its transaction ended/);
  });

  it('runs after-commit callbacks only when the transaction commits', async () => {
    const { db } = await withTable(fx);
    const calls: string[] = [];
    await db.transaction(async (tx) => {
      afterCommit(tx, () => calls.push('committed'));
      await tx.transaction(async (inner) => afterCommit(inner, () => calls.push('savepoint kept')));
      await tx
        .transaction(async (inner) => {
          afterCommit(inner, () => calls.push('savepoint undone'));
          throw new Error('undo');
        })
        .catch(() => undefined);
      assert.deepEqual(calls, []);
    });
    await assert.rejects(
      db.transaction(async (tx) => {
        afterCommit(tx, () => calls.push('rolled back'));
        throw new Error('no');
      }),
    );
    afterCommit(db, () => calls.push('no transaction'));
    assert.deepEqual(calls, ['committed', 'savepoint kept', 'no transaction']);
  });
}
