/**
 * A FIFO async mutex. better-sqlite3 runs every statement synchronously on one connection, so an
 * open transaction that awaits something must keep other async callers' statements out until it
 * commits: they queue here.
 */
export class Mutex {
  private held = false;
  private readonly waiters: Array<{ wake: () => void; tag: string | undefined }> = [];

  get locked(): boolean {
    return this.held;
  }

  /** `tag` says what the waiter will do, so the holder can look ahead (SQLite's group commit). */
  acquire(tag?: string): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((wake) => this.waiters.push({ wake, tag }));
  }

  /** The tag of the waiter that gets the lock next, if any waits. */
  nextTag(): string | undefined {
    return this.waiters[0]?.tag;
  }

  /** Hands the lock straight to the next waiter, so nobody can barge in between. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next.wake();
    else this.held = false;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
