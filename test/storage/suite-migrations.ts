import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Migration } from '../../src/storage/index.js';
import type { StorageFixture } from './fixture.js';

function counted(calls: string[]): Migration[] {
  return [
    {
      id: 1,
      name: 'create',
      async up(db) {
        calls.push('create');
        await db.run('CREATE TABLE t_widgets (id TEXT PRIMARY KEY)');
      },
    },
    {
      id: 2,
      name: 'add column',
      async up(db) {
        calls.push('add column');
        await db.run('ALTER TABLE t_widgets ADD COLUMN size BIGINT');
      },
    },
  ];
}

export function migrationTests(fx: () => StorageFixture): void {
  it('applies each migration once, in order, and later ones when added', async () => {
    const node = await fx().open();
    const calls: string[] = [];
    const [first, second] = counted(calls);
    await node.migrate('widgets', [first!]);
    await node.migrate('widgets', [second!, first!]);
    await node.migrate('widgets', [first!, second!]);
    assert.deepEqual(calls, ['create', 'add column']);
    await node.db.run("INSERT INTO t_widgets (id, size) VALUES ('w', 1)");
    const rows = await node.db.all(
      "SELECT id, name, applied_at FROM nubis_migrations WHERE scope = 'widgets' ORDER BY id",
    );
    assert.deepEqual(rows, [
      { id: 1, name: 'create', applied_at: fx().clock.now() },
      { id: 2, name: 'add column', applied_at: fx().clock.now() },
    ]);
  });

  it('applies once when two nodes migrate at the same time', async () => {
    const a = await fx().open({ nodeId: 'a' });
    const b = await fx().open({ nodeId: 'b' });
    const calls: string[] = [];
    const migrations = counted(calls);
    await Promise.all([a.migrate('widgets', migrations), b.migrate('widgets', migrations)]);
    assert.deepEqual(calls, ['create', 'add column']);
  });

  it('records nothing of a scope whose migration fails', async () => {
    const node = await fx().open();
    const calls: string[] = [];
    const failing: Migration = {
      id: 3,
      name: 'fails',
      async up() {
        throw new Error('bad migration');
      },
    };
    await assert.rejects(node.migrate('widgets', [...counted(calls), failing]), /bad migration/);
    assert.deepEqual(await node.db.all("SELECT id FROM nubis_migrations WHERE scope = 'widgets'"), []);
    await node.migrate('widgets', counted(calls));
    assert.deepEqual(
      calls,
      ['create', 'add column', 'create', 'add column'],
      'the table was rolled back too',
    );
  });

  it('rejects duplicate ids', async () => {
    const node = await fx().open();
    const [first] = counted([]);
    await assert.rejects(node.migrate('widgets', [first!, first!]), /duplicate id/);
  });

  it("creates the platform's own tables", async () => {
    const node = await fx().open();
    const rows = await node.db.all<{ id: number }>("SELECT id FROM nubis_migrations WHERE scope = 'nubis'");
    assert.ok(rows.length >= 2);
    assert.deepEqual(await node.db.all('SELECT name FROM nubis_leases'), []);
  });
}
