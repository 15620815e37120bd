/**
 * Run by durability.test.ts as a separate process: writes forever, printing `committed N` only after
 * write N was acknowledged, until the parent kills it with SIGKILL.
 */
import { SystemClock } from '../../src/core/clock.js';
import { createStorage } from '../../src/storage/index.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: durability-child <dataDir>');
const storage = await createStorage({ kind: 'sqlite', dataDir, clock: new SystemClock() });
await storage.db.run('CREATE TABLE IF NOT EXISTS t_acks (n BIGINT PRIMARY KEY, blob_id TEXT)');
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  if (n % 10 === 0) {
    // Every tenth write also stores a blob and commits its id in a transaction.
    const ref = await storage.blobs.put(Buffer.from(`blob ${n}`));
    await storage.db.transaction((tx) =>
      tx.run('INSERT INTO t_acks (n, blob_id) VALUES (:n, :id)', { n, id: ref.id }),
    );
  } else {
    await storage.db.run('INSERT INTO t_acks (n) VALUES (:n)', { n });
  }
  process.stdout.write(`committed ${n}\n`);
}
