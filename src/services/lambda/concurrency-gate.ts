// Admission of invocations under Lambda's concurrency rules: a function with reserved concurrency
// runs at most that many at once; every other function of the account and region shares what is
// left of the account's limit. Counts are of this process's invocations in flight (see
// docs/architecture.md: limits are enforced per node).
import { AwsError } from '../../core/aws-error.js';

export type ThrottleReason =
  'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

export interface Admission {
  /** Invocations of the same function in flight, this one included (the ConcurrentExecutions metric). */
  concurrent: number;
  leave(): void;
}

export class ConcurrencyGate {
  private readonly counts = new Map<string, number>();

  /**
   * Admits one invocation of `functionKey`, or names the limit it would exceed. `unreserved` is the
   * account's limit less everything reserved; it bounds functions without a reservation together.
   */
  enter(
    functionKey: string,
    accountKey: string,
    limits: { reserved: number | null; unreserved: number },
  ): Admission | ThrottleReason {
    const poolKey = limits.reserved === null ? `unreserved:${accountKey}` : undefined;
    if (limits.reserved !== null && this.count(functionKey) >= limits.reserved)
      return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    if (poolKey !== undefined && this.count(poolKey) >= limits.unreserved)
      return 'ConcurrentInvocationLimitExceeded';
    this.add(functionKey, 1);
    if (poolKey !== undefined) this.add(poolKey, 1);
    let left = false;
    return {
      concurrent: this.count(functionKey),
      leave: () => {
        if (left) return;
        left = true;
        this.add(functionKey, -1);
        if (poolKey !== undefined) this.add(poolKey, -1);
      },
    };
  }

  private count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  private add(key: string, delta: number): void {
    const next = this.count(key) + delta;
    if (next === 0) this.counts.delete(key);
    else this.counts.set(key, next);
  }
}

/** Lambda's answer to a throttled invocation (HTTP 429, with the reason in the body). */
export function throttled(reason: ThrottleReason): AwsError {
  return new AwsError('TooManyRequestsException', 'Rate Exceeded.', {
    status: 429,
    fields: { Reason: reason, Type: 'User' },
  });
}
