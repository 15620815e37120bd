// Claims on concurrency limits by nodes sharing PostgreSQL (concurrency-claims.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { CLAIM_TTL_MS, DatabaseClaims } from '../../src/services/lambda/concurrency-claims.js';
import { migrations } from '../../src/services/lambda/migrations.js';
import { createStorage, type Storage } from '../../src/storage/index.js';
import { storages } from '../support/nubis.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

if (storages().includes('postgres')) {
  describe('Lambda concurrency claims on PostgreSQL', () => {
    let database: TestDatabase;
    let storage: Storage;
    const clock = new ManualClock();
    let a: DatabaseClaims;
    let b: DatabaseClaims;

    before(async () => {
      database = await createTestDatabase();
      storage = await createStorage({
        kind: 'postgres',
        dataDir: '/nonexistent',
        postgresUrl: database.url,
        clock,
      });
      await storage.migrate('lambda', migrations);
      a = new DatabaseClaims(storage.db, clock, 'a');
      b = new DatabaseClaims(storage.db, clock, 'b');
    });
    after(async () => {
      await storage?.close();
      await database?.drop();
    });

    it('grants what the other nodes leave of the limit, and units given back', async () => {
      assert.equal(await a.claim('fn', 3, 4), 3);
      assert.equal(await b.claim('fn', 3, 4), 1);
      await a.shrink('fn', 1);
      assert.equal(await b.claim('fn', 3, 4), 3);
      await a.shrink('fn', 0);
      assert.equal(await b.claim('fn', 4, 4), 4);
      assert.equal(await a.claim('fn', 1, 4), 0);
    });

    it('claims made at the same moment never add up to more than the limit', async () => {
      const granted = await Promise.all(
        Array.from({ length: 10 }, (_, index) => (index % 2 ? a : b).claim('busy', 3 + index, 7)),
      );
      assert.ok(granted.every((units) => units <= 7));
      const rows = await storage.db.all<{ units: number }>(
        "SELECT units FROM lambda_concurrency_claims WHERE scope = 'busy'",
      );
      const total = rows.reduce((sum, row) => sum + Number(row.units), 0);
      assert.ok(total > 0 && total <= 7, `${total} units claimed`);
    });

    it('a node that stops renewing loses its claims to the others', async () => {
      assert.equal(await a.claim('lapse', 2, 2), 2);
      clock.advance(CLAIM_TTL_MS - 1);
      assert.deepEqual([...(await b.renew())].includes('lapse'), false);
      assert.equal(await b.claim('lapse', 2, 2), 0);
      clock.advance(1);
      assert.equal(await b.claim('lapse', 2, 2), 2);
      assert.equal((await a.renew()).has('lapse'), false);
      await b.releaseAll();
      assert.equal(await a.claim('lapse', 2, 2), 2);
    });
  });
}
