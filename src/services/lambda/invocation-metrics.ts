// Lambda's own CloudWatch metrics for each invocation (namespace AWS/Lambda, dimension
// FunctionName): Invocations, Errors, Duration, ConcurrentExecutions and Throttles, and those of
// provisioned concurrency, queued for the CloudWatch service's PutMetricData (telemetry.ts; the
// internal client may use `AWS/` namespaces).
import type { RequestContext } from '../../core/service.js';
import type { InvokeOutcome } from '../../runtimes/environment.js';
import { telemetry } from './runtime-host.js';
import type { MetricDatum } from './telemetry.js';

type Dimensions = MetricDatum['Dimensions'];

const byFunction = (functionName: string): Dimensions => [{ Name: 'FunctionName', Value: functionName }];

function datum(
  ctx: RequestContext,
  dimensions: Dimensions,
  name: string,
  value: number,
  unit = 'Count',
): MetricDatum {
  return {
    MetricName: name,
    Dimensions: dimensions,
    Timestamp: new Date(ctx.clock.now()),
    Value: value,
    Unit: unit,
  };
}

export function publishInvocationMetrics(
  ctx: RequestContext,
  functionName: string,
  outcome: InvokeOutcome,
  concurrentExecutions: number,
): void {
  const dimensions = byFunction(functionName);
  telemetry().metric(ctx, [
    datum(ctx, dimensions, 'Invocations', 1),
    datum(ctx, dimensions, 'Errors', outcome.result.kind === 'error' ? 1 : 0),
    datum(ctx, dimensions, 'Duration', outcome.durationMs, 'Milliseconds'),
    datum(ctx, dimensions, 'ConcurrentExecutions', concurrentExecutions),
  ]);
}

/** A throttled invocation counts in Throttles only (Lambda does not count it in Invocations). */
export function publishThrottle(ctx: RequestContext, functionName: string): void {
  telemetry().metric(ctx, [datum(ctx, byFunction(functionName), 'Throttles', 1)]);
}

export interface ProvisionedUse {
  functionName: string;
  /** Lambda's Resource dimension: `name:version` or `name:alias`, as invoked. */
  resource: string;
  /** Whether this invocation ran on a provisioned environment (else it spilled over). */
  onProvisioned: boolean;
  /** This node's provisioned environments of the version, and how many were busy. */
  total: number;
  busy: number;
}

/**
 * For a version (or alias) with provisioned concurrency, Lambda also publishes how the invocation
 * was served: ProvisionedConcurrencyInvocations or ProvisionedConcurrencySpilloverInvocations, and
 * the use of the provisioned environments (ProvisionedConcurrentExecutions, and its share of the
 * allocation, ProvisionedConcurrencyUtilization), under FunctionName and Resource.
 */
export function publishProvisionedMetrics(ctx: RequestContext, use: ProvisionedUse): void {
  const dimensions = [...byFunction(use.functionName), { Name: 'Resource', Value: use.resource }];
  telemetry().metric(ctx, [
    datum(ctx, dimensions, 'ProvisionedConcurrencyInvocations', use.onProvisioned ? 1 : 0),
    datum(ctx, dimensions, 'ProvisionedConcurrencySpilloverInvocations', use.onProvisioned ? 0 : 1),
    datum(ctx, dimensions, 'ProvisionedConcurrentExecutions', use.busy),
    datum(ctx, dimensions, 'ProvisionedConcurrencyUtilization', use.busy / use.total, 'None'),
  ]);
}
