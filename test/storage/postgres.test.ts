import { createStorage } from '../../src/storage/index.js';
import { createTestDatabase } from '../support/postgres.js';
import { nodeTracker, type StorageFixture } from './fixture.js';
import { storageSuite } from './suite.js';

async function postgresFixture(): Promise<StorageFixture> {
  const database = await createTestDatabase();
  const nodes = nodeTracker((options, clock) =>
    createStorage({
      kind: 'postgres',
      dataDir: '/nonexistent',
      postgresUrl: database.url,
      clock: options.clock ?? clock,
      nodeId: options.nodeId,
      jobs: options.jobs,
      poolSize: 4,
    }),
  );
  return {
    clock: nodes.clock,
    open: nodes.open,
    async dispose() {
      await nodes.closeAll();
      await database.drop();
    },
  };
}

storageSuite('postgres', postgresFixture);
