// Whether an invocation may start now: the function's reservation, or the account's unreserved
// concurrency, must have room. A throttled invocation is counted in the Throttles metric.
import type { RequestContext } from '../../core/service.js';
import { throttled, type Admission } from './concurrency-gate.js';
import { publishThrottle } from './invocation-metrics.js';
import { functionArn } from './names.js';
import { concurrencyGate } from './runtime-host.js';
import { accountConcurrencyLimit } from './settings.js';
import { concurrencyLimits } from './store-concurrency.js';
import type { FunctionKey } from './store-functions.js';

export async function admitInvocation(ctx: RequestContext, key: FunctionKey): Promise<Admission> {
  const limits = await concurrencyLimits(ctx.storage.db, key);
  const admission = concurrencyGate().enter(functionArn(key), `${key.accountId}/${key.region}`, {
    reserved: limits.reserved,
    unreserved: accountConcurrencyLimit() - limits.totalReserved,
  });
  if (typeof admission !== 'string') return admission;
  publishThrottle(ctx, key.name);
  throw throttled(admission);
}
