// Lambda's own CloudWatch metrics for each invocation (namespace AWS/Lambda, dimension
// FunctionName): Invocations, Errors, Duration, ConcurrentExecutions and Throttles, queued for the
// CloudWatch service's PutMetricData (telemetry.ts; the internal client may use `AWS/` namespaces).
import type { RequestContext } from '../../core/service.js';
import type { InvokeOutcome } from '../../runtimes/environment.js';
import { telemetry } from './runtime-host.js';
import type { MetricDatum } from './telemetry.js';

function datum(
  ctx: RequestContext,
  functionName: string,
  name: string,
  value: number,
  unit: string,
): MetricDatum {
  return {
    MetricName: name,
    Dimensions: [{ Name: 'FunctionName', Value: functionName }],
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
  telemetry().metric(ctx, [
    datum(ctx, functionName, 'Invocations', 1, 'Count'),
    datum(ctx, functionName, 'Errors', outcome.result.kind === 'error' ? 1 : 0, 'Count'),
    datum(ctx, functionName, 'Duration', outcome.durationMs, 'Milliseconds'),
    datum(ctx, functionName, 'ConcurrentExecutions', concurrentExecutions, 'Count'),
  ]);
}

/** A throttled invocation counts in Throttles only (Lambda does not count it in Invocations). */
export function publishThrottle(ctx: RequestContext, functionName: string): void {
  telemetry().metric(ctx, [datum(ctx, functionName, 'Throttles', 1, 'Count')]);
}
