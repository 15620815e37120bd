import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '../../src/storage/index.js';
import { nodeTracker, type StorageFixture } from './fixture.js';
import { storageSuite } from './suite.js';

async function sqliteFixture(): Promise<StorageFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'nubis-storage-'));
  const nodes = nodeTracker((options, clock) =>
    createStorage({
      kind: 'sqlite',
      dataDir,
      clock: options.clock ?? clock,
      nodeId: options.nodeId,
      jobs: options.jobs,
    }),
  );
  return {
    clock: nodes.clock,
    open: nodes.open,
    async dispose() {
      await nodes.closeAll();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

storageSuite('sqlite', sqliteFixture);

describe('storage (sqlite) start-up', () => {
  it('never loads pg', async () => {
    const fixture = await sqliteFixture();
    await fixture.open();
    await fixture.dispose();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    assert.equal(loaded.filter((path) => /[\\/]node_modules[\\/]pg[\\/]/.test(path)).length, 0);
    assert.ok(
      loaded.some((path) => path.includes('better-sqlite3')),
      'the check does see CommonJS modules',
    );
  });
});
