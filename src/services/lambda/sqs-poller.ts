// The poller of one SQS event source mapping, as Lambda runs it
// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html): workers long-poll the
// queue through SQS's ReceiveMessage, gather a batch (up to BatchSize, or for as long as the
// batching window), drop what the filters refuse, invoke the function synchronously through Invoke
// and delete what it handled. A failed batch is left alone: its messages come back after the
// visibility timeout and the queue's redrive policy applies. FIFO group order is kept by SQS
// itself, which hands out no message of a group while another of it is in flight.
//
// Scaling: one worker while idle (an open long poll); each full batch adds one, up to the
// mapping's MaximumConcurrency; a worker beyond the first whose long poll comes back empty retires.
//
// A mapping outlives its function (DeleteFunction leaves mappings alone). While the function (or
// the version or alias the mapping names) does not exist, nothing is received, so the messages
// stay in the queue untouched, and one worker checks again after a pause that doubles from 1 s to
// a minute. The mapping's LastProcessingResult tells what the poller last found: "OK",
// "PROBLEM: Function call failed" (a function error) or "PROBLEM: Function not found".
import type { Message, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { matchesPattern, parseEventPattern, type EventPattern } from '../../core/event-pattern.js';
import type { ServiceEnvironment } from '../../core/service.js';
import { CONCURRENT_EXECUTIONS } from './constants.js';
import {
  isNotFound,
  MappingPoller,
  RESULT_CALL_FAILED,
  RESULT_NOT_FOUND,
  RESULT_OK,
  type Poller,
} from './event-source-poller.js';
import { settingsOf } from './event-source-configuration.js';
import { parseEventSource, queueUrlOf, type QueueSource } from './event-source-queue.js';
import { REPORT_BATCH_ITEM_FAILURES, type MappingSettings } from './event-source-settings.js';
import { filterView, reportedFailures, toRecord, type SqsRecord } from './sqs-event.js';
import type { MappingRow } from './store-event-source-mappings.js';

/** SQS's limits: 10 messages per receive and per delete, 20 seconds of long polling. */
const MAX_RECEIVE = 10;
const MAX_WAIT_S = 20;
/** How long a worker waits after the queue or the database failed it before polling again. */
const ERROR_PAUSE_MS = 10_000;
/**
 * The batching window opens when the batch's first messages were received: for messages received
 * for the first time that is their ApproximateFirstReceiveTimestamp (SQS's own clock reading, so
 * the window does not depend on how soon this poller got round to looking), otherwise the start of
 * the receive.
 */
function windowOpenedAt(messages: Message[], receiveStarted: number): number {
  const firstReceipts = messages.map((message) =>
    Number((message.Attributes as Record<string, string> | undefined)?.['ApproximateFirstReceiveTimestamp']),
  );
  return Math.max(receiveStarted, ...firstReceipts.filter(Number.isFinite));
}

export class QueuePoller extends MappingPoller implements Poller {
  private readonly workers = new Set<Promise<void>>();
  private readonly settings: MappingSettings;
  private readonly patterns: EventPattern[];
  private readonly source: QueueSource;
  private queueUrl: string | undefined;

  constructor(env: ServiceEnvironment, row: MappingRow) {
    super(env, row);
    this.settings = settingsOf(row);
    this.patterns = this.settings.filters.map((pattern) => parseEventPattern(pattern));
    this.source = parseEventSource(row.event_source_arn);
  }

  start(): void {
    this.addWorker();
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  /** Ends the long polls at once and waits for batches being invoked to finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    while (this.workers.size > 0) await Promise.allSettled([...this.workers]);
  }

  private addWorker(): void {
    const worker: Promise<void> = this.work().finally(() => this.workers.delete(worker));
    this.workers.add(worker);
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!(await this.functionExists())) {
          if (this.workers.size > 1) return;
          await this.missingPause();
          continue;
        }
        const batch = await this.gather();
        if (this.stopped) return; // unprocessed messages come back after their visibility timeout
        if (batch.length === 0) {
          if (this.workers.size > 1) return;
          continue;
        }
        const limit = this.settings.maximumConcurrency ?? CONCURRENT_EXECUTIONS;
        if (batch.length >= this.settings.batchSize && this.workers.size < limit) this.addWorker();
        await this.deliver(batch.map((message) => toRecord(message, this.source)));
      } catch (error) {
        if (this.stopped) return;
        console.error(`[nubis] lambda event source mapping ${this.row.uuid}:`, error);
        this.queueUrl = undefined;
        await this.pause(ERROR_PAUSE_MS);
      }
    }
  }

  /**
   * One batch: the first receive waits for messages as long as SQS lets it; with a batching window,
   * more receives follow until the batch is full or the window has passed. Empty when the long
   * poll ended with nothing.
   */
  private async gather(): Promise<Message[]> {
    const { batchSize, batchingWindowS } = this.settings;
    const receiveStarted = this.env.clock.now();
    const messages = await this.receive(Math.min(MAX_RECEIVE, batchSize), this.abort.signal);
    if (messages.length === 0 || batchingWindowS === 0) return messages;
    // The window's own timer ends the long polls that fill the batch, so it closes on time
    // whatever SQS's WaitTimeSeconds would say.
    const window = new AbortController();
    const closesAt = windowOpenedAt(messages, receiveStarted) + batchingWindowS * 1000;
    const timer = this.env.clock.setTimer(closesAt - this.env.clock.now(), () => window.abort());
    const signal = AbortSignal.any([this.abort.signal, window.signal]);
    try {
      while (messages.length < batchSize && !signal.aborted) {
        messages.push(...(await this.receive(Math.min(MAX_RECEIVE, batchSize - messages.length), signal)));
      }
    } finally {
      timer.cancel();
    }
    return messages;
  }

  private async url(): Promise<string> {
    this.queueUrl ??= await queueUrlOf(this.env.client, this.scope, this.source);
    return this.queueUrl;
  }

  private async receive(max: number, signal: AbortSignal): Promise<Message[]> {
    const output = await this.env.client.call<ReceiveMessageResult>(
      'sqs',
      'ReceiveMessage',
      {
        QueueUrl: await this.url(),
        MaxNumberOfMessages: max,
        WaitTimeSeconds: MAX_WAIT_S,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      },
      { ...this.scope, signal },
    );
    return output.Messages ?? [];
  }

  /** Lambda deletes the messages no filter matches without invoking the function. */
  private async deliver(records: SqsRecord[]): Promise<void> {
    const wanted =
      this.patterns.length === 0
        ? records
        : records.filter((record) =>
            this.patterns.some((pattern) => matchesPattern(pattern, filterView(record))),
          );
    await this.delete(records.filter((record) => !wanted.includes(record)));
    if (wanted.length > 0) await this.delete(await this.invoke(wanted));
  }

  /** The records the function handled: all of them, none, or those a partial batch response spares. */
  private async invoke(records: SqsRecord[]): Promise<SqsRecord[]> {
    let output: { FunctionError?: string; Payload?: Uint8Array };
    try {
      output = await this.env.client.call(
        'lambda',
        'Invoke',
        {
          FunctionName: this.row.function_arn,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify({ Records: records })),
        },
        this.scope,
      );
    } catch (error) {
      // The function is gone or cannot run now: the batch returns after its visibility timeout.
      if (isNotFound(error)) await this.report(RESULT_NOT_FOUND);
      else console.error(`[nubis] lambda event source mapping ${this.row.uuid}: invoke failed:`, error);
      return [];
    }
    await this.report(output.FunctionError === undefined ? RESULT_OK : RESULT_CALL_FAILED);
    if (output.FunctionError !== undefined) return [];
    if (!this.settings.responseTypes.includes(REPORT_BATCH_ITEM_FAILURES)) return records;
    const failed = reportedFailures(
      output.Payload,
      records.map((record) => record.messageId),
    );
    return failed === undefined ? [] : records.filter((record) => !failed.has(record.messageId));
  }

  private async delete(records: SqsRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += MAX_RECEIVE) {
      const entries = records
        .slice(start, start + MAX_RECEIVE)
        .map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle }));
      await this.env.client.call(
        'sqs',
        'DeleteMessageBatch',
        { QueueUrl: await this.url(), Entries: entries },
        this.scope,
      );
    }
  }
}
