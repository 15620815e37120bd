// Whether an invocation may start now: the function's reservation (less what its provisioned
// concurrency holds), or the account's unreserved concurrency, must have room. An invocation on a
// provisioned environment always may: that concurrency is already its own. A throttled invocation
// is counted in the Throttles metric.
import type { RequestContext } from '../../core/service.js';
import { throttled, type Admission } from './concurrency-gate.js';
import { publishThrottle } from './invocation-metrics.js';
import { functionArn } from './names.js';
import { concurrencyGate, invokeReads } from './runtime-host.js';
import { accountConcurrencyLimit } from './settings.js';
import { concurrencyLimits } from './store-concurrency.js';
import type { FunctionKey } from './store-functions.js';

export async function admitInvocation(
  ctx: RequestContext,
  key: FunctionKey,
  onProvisioned: boolean,
): Promise<Admission> {
  const limits = await invokeReads().get(
    `limits ${JSON.stringify([key.accountId, key.region, key.name])}`,
    () => concurrencyLimits(ctx.storage.db, key),
  );
  const admission = await concurrencyGate().enter(functionArn(key), `${key.accountId}/${key.region}`, {
    // Lambda: with provisioned concurrency adding up to the reservation, $LATEST is throttled.
    reserved: limits.reserved === null ? null : Math.max(0, limits.reserved - limits.provisioned),
    unreserved: accountConcurrencyLimit() - limits.allocated,
    onProvisioned,
  });
  if (typeof admission !== 'string') return admission;
  publishThrottle(ctx, key.name);
  throw throttled(admission);
}
