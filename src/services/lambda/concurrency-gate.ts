// Admission of invocations under Lambda's concurrency rules: a function with reserved concurrency
// runs at most that many at once (its provisioned environments included); every other function of
// the account and region shares what is left of the account's limit. The limits bound all nodes
// together: each node uses the units of them it holds (concurrency-holdings.ts).
import { AwsError } from '../../core/aws-error.js';
import type { ConcurrencyHoldings } from './concurrency-holdings.js';

export type ThrottleReason =
  'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

export interface Admission {
  /** Invocations of the same function in flight, this one included (the ConcurrentExecutions metric). */
  concurrent: number;
  leave(): void;
}

export interface GateLimits {
  reserved: number | null;
  unreserved: number;
  onProvisioned: boolean;
}

export class ConcurrencyGate {
  /** Invocations in flight on this node per function (the ConcurrentExecutions metric). */
  private readonly counts = new Map<string, number>();

  constructor(private readonly holdings: ConcurrencyHoldings) {}

  /**
   * Admits one invocation of `functionKey`, or names the limit it would exceed. `reserved` is what
   * the function's reservation leaves beside its provisioned concurrency; `unreserved` is the
   * account's limit less everything allocated, bounding functions without a reservation together.
   * An invocation on a provisioned environment is admitted without either: it uses concurrency the
   * function already holds.
   */
  async enter(
    functionKey: string,
    accountKey: string,
    limits: GateLimits,
  ): Promise<Admission | ThrottleReason> {
    const share = this.shareOf(functionKey, accountKey, limits);
    if (share && !(await this.holdings.take(share.key, share.limit))) return share.reason;
    this.add(functionKey, 1);
    let left = false;
    return {
      concurrent: this.count(functionKey),
      leave: () => {
        if (left) return;
        left = true;
        this.add(functionKey, -1);
        if (share) this.holdings.give(share.key);
      },
    };
  }

  /** The concurrency an invocation draws on: its function's reservation or the unreserved pool. */
  private shareOf(
    functionKey: string,
    accountKey: string,
    limits: GateLimits,
  ): { key: string; limit: number; reason: ThrottleReason } | undefined {
    if (limits.onProvisioned) return undefined;
    if (limits.reserved !== null) {
      const reason = 'ReservedFunctionConcurrentInvocationLimitExceeded';
      return { key: `standard:${functionKey}`, limit: limits.reserved, reason };
    }
    return {
      key: `unreserved:${accountKey}`,
      limit: limits.unreserved,
      reason: 'ConcurrentInvocationLimitExceeded',
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
