// What invocations tell CloudWatch, written behind them: each invocation's log lines and metric
// data join a queue of this node, written FLUSH_DELAY_MS after the first of them (or at once when
// someone reads logs or metrics from this node), one flush at a time: one PutLogEvents per log
// stream and PutMetricData per account and region of the summed data (metric-aggregation.ts),
// through the Logs and CloudWatch services' own operations. An Invoke answers without waiting for
// any of it (core/background-writes.ts keeps reads consistent), and many invocations share a write.
import { onBackgroundRead, writeInBackground } from '../../core/background-writes.js';
import type { InternalClient } from '../../core/service.js';
import { writeLogEvents, type LogEvent } from '../logs/writer.js';
import { aggregateMetricData, type AggregatedDatum } from './metric-aggregation.js';

/** PutMetricData takes at most 1,000 data per request. */
const MAX_METRIC_DATA = 1_000;
/**
 * AWS shows logs and metrics seconds after an invocation; a wait lets writes batch. The cost of a
 * write is mostly per log stream (five statements), so the longer the wait, the more invocations
 * share it: with 50 environments busy, ~58 µs of CPU per invocation at 100 ms, ~29 µs at 1 s.
 */
const FLUSH_DELAY_MS = 1_000;

export interface Scope {
  accountId: string;
  region: string;
}

export interface MetricDatum {
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  Timestamp: Date;
  Value: number;
  Unit: string;
}

interface LogBatch {
  scope: Scope;
  group: string;
  stream: string;
  events: LogEvent[];
}

interface MetricBatch {
  scope: Scope;
  data: MetricDatum[];
}

export class TelemetryQueue {
  private logs = new Map<string, LogBatch>();
  private metrics = new Map<string, MetricBatch>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly stopReads: () => void;

  constructor(private readonly client: InternalClient) {
    this.stopReads = onBackgroundRead(() => this.flushNow());
  }

  log(scope: Scope, where: { group: string; stream: string }, events: LogEvent[]): void {
    const key = JSON.stringify([scope.accountId, scope.region, where.group, where.stream]);
    const batch = this.logs.get(key) ?? { scope: scopeOf(scope), ...where, events: [] };
    batch.events.push(...events);
    this.logs.set(key, batch);
    this.schedule();
  }

  metric(scope: Scope, data: MetricDatum[]): void {
    const key = `${scope.accountId}/${scope.region}`;
    const batch = this.metrics.get(key) ?? { scope: scopeOf(scope), data: [] };
    batch.data.push(...data);
    this.metrics.set(key, batch);
    this.schedule();
  }

  /** Everything queued so far is written (the node is stopping). */
  async drain(): Promise<void> {
    this.stopReads();
    this.flushNow();
    while (this.flushing) await this.flushing;
  }

  private schedule(): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => this.flushNow(), FLUSH_DELAY_MS);
    this.timer.unref();
  }

  /** One flush at a time; what arrives meanwhile is written by the same flush's next round. */
  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing || (this.logs.size === 0 && this.metrics.size === 0)) return;
    const flush = async () => {
      while (this.logs.size > 0 || this.metrics.size > 0) await this.flushQueued();
      this.flushing = undefined;
    };
    this.flushing = new Promise((resolve) =>
      writeInBackground('Lambda telemetry', () => flush().finally(resolve)),
    );
  }

  private async flushQueued(): Promise<void> {
    const logs = [...this.logs.values()];
    const metrics = [...this.metrics.values()];
    this.logs = new Map();
    this.metrics = new Map();
    await Promise.all([
      ...logs.map((batch) => writeLogEvents(this.client, batch.scope, batch, batch.events)),
      ...metrics.flatMap((batch) =>
        chunks(aggregateMetricData(batch.data), MAX_METRIC_DATA).map((data) =>
          this.putMetricData(batch.scope, data),
        ),
      ),
    ]);
  }

  private async putMetricData(scope: Scope, data: AggregatedDatum[]): Promise<void> {
    await this.client.call(
      'monitoring',
      'PutMetricData',
      { Namespace: 'AWS/Lambda', MetricData: data },
      scope,
    );
  }
}

/** Only the account and region: a request context's id and abort signal are not the write's. */
function scopeOf(scope: Scope): Scope {
  return { accountId: scope.accountId, region: scope.region };
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
