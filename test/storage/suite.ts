import { afterEach, beforeEach, describe } from 'node:test';
import type { FixtureFactory, StorageFixture } from './fixture.js';
import { blobTests } from './suite-blobs.js';
import { databaseTests } from './suite-database.js';
import { jobLoopTests } from './suite-job-loop.js';
import { jobTests } from './suite-jobs.js';
import { leaseTests } from './suite-leases.js';
import { migrationTests } from './suite-migrations.js';
import { notifierTests } from './suite-notifier.js';

/** The one storage suite, run against each adapter: every test gets a fresh, empty database. */
export function storageSuite(name: string, factory: FixtureFactory): void {
  describe(`storage (${name})`, () => {
    let fixture: StorageFixture | undefined;
    beforeEach(async () => {
      fixture = await factory();
    });
    afterEach(async () => {
      await fixture?.dispose();
      fixture = undefined;
    });
    const fx = (): StorageFixture => {
      if (!fixture) throw new Error('no fixture');
      return fixture;
    };
    describe('database', () => databaseTests(fx));
    describe('blobs', () => blobTests(fx));
    describe('notifier', () => notifierTests(fx));
    describe('leases', () => leaseTests(fx));
    describe('jobs', () => jobTests(fx));
    describe('job loop', () => jobLoopTests(fx));
    describe('migrations', () => migrationTests(fx));
  });
}
