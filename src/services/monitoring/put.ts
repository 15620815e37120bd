// PutMetricData: validates every datum first (AWS rejects the whole request), then stores them in
// one transaction. A metric becomes listable by ListMetrics once data has been put to it.
import type { PutMetricDataInput } from '@aws-sdk/client-cloudwatch';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { MAX_METRIC_DATA } from './constants.js';
import { readDatum } from './datum.js';
import { invalidParameterValue, invalidValue } from './errors.js';
import { dimensionsKey } from './metric.js';
import { insertDatapoint, upsertMetric } from './store-metrics.js';

export const PutMetricData: OperationHandler<PutMetricDataInput, object> = async (ctx, input) => {
  const namespace = input.Namespace ?? '';
  checkNamespace(ctx, namespace);
  const data = input.MetricData ?? [];
  if (data.length > MAX_METRIC_DATA)
    throw invalidParameterValue(
      `The collection MetricData must not have a size greater than ${MAX_METRIC_DATA}.`,
    );
  const now = ctx.clock.now();
  const points = data.map((datum, i) => ({ datum, point: readDatum(datum, i, now) }));
  const scope = { accountId: ctx.accountId, region: ctx.region };
  await ctx.storage.db.transaction(async (tx) => {
    for (const { datum, point } of points) {
      const metric = {
        namespace,
        metricName: datum.MetricName ?? '',
        dimsKey: dimensionsKey(datum.Dimensions),
      };
      await insertDatapoint(tx, await upsertMetric(tx, scope, metric, now), point);
    }
  });
  return {};
};

/**
 * Namespaces are 1–255 characters; `AWS/` is reserved for AWS's own services. Nubis's services
 * publish there through the internal client.
 */
function checkNamespace(ctx: RequestContext, namespace: string): void {
  if (namespace.length < 1 || namespace.length > 255) throw invalidValue('Namespace', namespace);
  if (namespace.startsWith('AWS/') && !ctx.internal) throw invalidValue('Namespace', namespace);
}
