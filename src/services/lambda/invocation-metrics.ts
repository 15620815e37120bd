// Lambda's own CloudWatch metrics for each invocation (namespace AWS/Lambda, dimension
// FunctionName): Invocations, Errors, Duration, ConcurrentExecutions and Throttles, published through the
// CloudWatch service's PutMetricData over the internal client (which may use `AWS/` namespaces).
import type { RequestContext } from '../../core/service.js';
import type { InvokeOutcome } from '../../runtimes/environment.js';

export async function publishInvocationMetrics(
  ctx: RequestContext,
  functionName: string,
  outcome: InvokeOutcome,
  concurrentExecutions: number,
): Promise<void> {
  const Dimensions = [{ Name: 'FunctionName', Value: functionName }];
  const Timestamp = new Date(ctx.clock.now());
  await ctx.client.call(
    'monitoring',
    'PutMetricData',
    {
      Namespace: 'AWS/Lambda',
      MetricData: [
        { MetricName: 'Invocations', Dimensions, Timestamp, Value: 1, Unit: 'Count' },
        {
          MetricName: 'Errors',
          Dimensions,
          Timestamp,
          Value: outcome.result.kind === 'error' ? 1 : 0,
          Unit: 'Count',
        },
        { MetricName: 'Duration', Dimensions, Timestamp, Value: outcome.durationMs, Unit: 'Milliseconds' },
        {
          MetricName: 'ConcurrentExecutions',
          Dimensions,
          Timestamp,
          Value: concurrentExecutions,
          Unit: 'Count',
        },
      ],
    },
    { accountId: ctx.accountId, region: ctx.region },
  );
}

/** A throttled invocation counts in Throttles only (Lambda does not count it in Invocations). */
export async function publishThrottle(ctx: RequestContext, functionName: string): Promise<void> {
  await ctx.client.call(
    'monitoring',
    'PutMetricData',
    {
      Namespace: 'AWS/Lambda',
      MetricData: [
        {
          MetricName: 'Throttles',
          Dimensions: [{ Name: 'FunctionName', Value: functionName }],
          Timestamp: new Date(ctx.clock.now()),
          Value: 1,
          Unit: 'Count',
        },
      ],
    },
    { accountId: ctx.accountId, region: ctx.region },
  );
}
