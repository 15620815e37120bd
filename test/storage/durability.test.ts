import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SystemClock } from '../../src/core/clock.js';
import { createStorage } from '../../src/storage/index.js';

const CHILD = fileURLToPath(new URL('./durability-child.js', import.meta.url));
const KILL_AFTER = 300;

/** Starts the writer and SIGKILLs it mid-stream; resolves with the last write it acknowledged. */
async function writeUntilKilled(dataDir: string): Promise<number> {
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let acknowledged = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^committed (\d+)$/.exec(line);
    if (!match) continue;
    acknowledged = Number(match[1]);
    if (acknowledged === KILL_AFTER) child.kill('SIGKILL');
  }
  assert.equal(await exited, null, 'the writer was killed, it did not exit');
  return acknowledged;
}

it('keeps every acknowledged SQLite write and blob across kill -9', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'nubis-durability-'));
  try {
    const acknowledged = await writeUntilKilled(dataDir);
    assert.ok(acknowledged >= KILL_AFTER);
    const storage = await createStorage({ kind: 'sqlite', dataDir, clock: new SystemClock() });
    try {
      const rows = await storage.db.all<{ n: number; blob_id: string | null }>(
        'SELECT n, blob_id FROM t_acks WHERE n <= :n ORDER BY n',
        { n: acknowledged },
      );
      assert.deepEqual(
        rows.map((row) => row.n),
        Array.from({ length: acknowledged }, (_, i) => i + 1),
      );
      for (const row of rows.filter((r) => r.blob_id !== null)) {
        assert.deepEqual(await storage.blobs.get(row.blob_id!), Buffer.from(`blob ${row.n}`));
      }
    } finally {
      await storage.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
