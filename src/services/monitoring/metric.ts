// A metric's identity: namespace, name and its exact set of dimensions (order does not matter).
import type { Dimension } from '@aws-sdk/client-cloudwatch';

export interface MetricId {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

/** Dimensions sorted by name, as JSON: equal for the same set in any order. */
export function dimensionsKey(dimensions: Dimension[] | undefined): string {
  const pairs = (dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']);
  pairs.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return JSON.stringify(pairs);
}

export function dimensionsFromKey(key: string): Dimension[] {
  return (JSON.parse(key) as [string, string][]).map(([Name, Value]) => ({ Name, Value }));
}
