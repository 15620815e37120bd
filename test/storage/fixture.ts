import { ManualClock, type Clock } from '../../src/core/clock.js';
import type { JobsOptions, Storage } from '../../src/storage/index.js';

export interface OpenOptions {
  clock?: Clock;
  nodeId?: string;
  jobs?: JobsOptions;
}

/** One database (a SQLite directory or a PostgreSQL database) on which tests open "nodes". */
export interface StorageFixture {
  readonly clock: ManualClock;
  /** Opens one more node on the same database; it is closed by `dispose`. */
  open(options?: OpenOptions): Promise<Storage>;
  dispose(): Promise<void>;
}

export type FixtureFactory = () => Promise<StorageFixture>;

/** Keeps the retry tests' expected failures out of the test output. */
export const quietJobs: JobsOptions = { onError: () => undefined };

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets callbacks already queued run (one turn of the event loop); never a timed sleep. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Shared by both adapters' fixtures: tracks nodes so dispose closes them before removing the data. */
export function nodeTracker(openNode: (options: OpenOptions, clock: ManualClock) => Promise<Storage>) {
  const clock = new ManualClock();
  const nodes: Storage[] = [];
  return {
    clock,
    async open(options: OpenOptions = {}) {
      const node = await openNode({ jobs: quietJobs, ...options }, clock);
      nodes.push(node);
      return node;
    },
    async closeAll() {
      await Promise.all(nodes.map((node) => node.close()));
    },
  };
}
