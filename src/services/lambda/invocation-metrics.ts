// Lambda's own CloudWatch metrics for each invocation (namespace AWS/Lambda, dimension
// FunctionName): Invocations, Errors, Duration, ConcurrentExecutions and Throttles, and those of
// provisioned concurrency, published through the CloudWatch service's PutMetricData over the
// internal client (which may use `AWS/` namespaces).
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
export async function publishProvisionedMetrics(ctx: RequestContext, use: ProvisionedUse): Promise<void> {
  const Dimensions = [
    { Name: 'FunctionName', Value: use.functionName },
    { Name: 'Resource', Value: use.resource },
  ];
  const Timestamp = new Date(ctx.clock.now());
  const count = (MetricName: string, Value: number) => ({
    MetricName,
    Dimensions,
    Timestamp,
    Value,
    Unit: 'Count',
  });
  await ctx.client.call(
    'monitoring',
    'PutMetricData',
    {
      Namespace: 'AWS/Lambda',
      MetricData: [
        count('ProvisionedConcurrencyInvocations', use.onProvisioned ? 1 : 0),
        count('ProvisionedConcurrencySpilloverInvocations', use.onProvisioned ? 0 : 1),
        count('ProvisionedConcurrentExecutions', use.busy),
        {
          MetricName: 'ProvisionedConcurrencyUtilization',
          Dimensions,
          Timestamp,
          Value: use.busy / use.total,
          Unit: 'None',
        },
      ],
    },
    { accountId: ctx.accountId, region: ctx.region },
  );
}
