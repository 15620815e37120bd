// Settings of the Lambda service that an operator may change through the environment.
import { CONCURRENT_EXECUTIONS } from './constants.js';

/** Lambda keeps at least 100 of the account's concurrency unreserved (all of it below 100). */
const MIN_UNRESERVED = 100;

function positiveInteger(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The account's concurrency limit per region: NUBIS_LAMBDA_CONCURRENT_EXECUTIONS, default 1,000. */
export function accountConcurrencyLimit(): number {
  return positiveInteger('NUBIS_LAMBDA_CONCURRENT_EXECUTIONS') ?? CONCURRENT_EXECUTIONS;
}

export function minimumUnreserved(): number {
  return Math.min(MIN_UNRESERVED, accountConcurrencyLimit());
}

/** How long a warm environment waits for work before it is closed (scale to zero): 5 minutes. */
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export function idleTimeoutMs(): number {
  return positiveInteger('NUBIS_LAMBDA_IDLE_TIMEOUT_MS') ?? DEFAULT_IDLE_TIMEOUT_MS;
}

/**
 * How long a node may answer invokes from what it read of a function (invoke-reads.ts) without
 * having heard of a change: NUBIS_LAMBDA_READ_CACHE_MS, default one second.
 */
export function invokeReadLifetimeMs(): number {
  return positiveInteger('NUBIS_LAMBDA_READ_CACHE_MS') ?? 1_000;
}
