// The poller of one DynamoDB stream mapping, as Lambda runs it
// (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html): it reads the stream's shard in
// order through the DynamoDB Streams API, gathers a batch (up to BatchSize, or for as long as the
// batching window), drops what the filters refuse, and invokes the function synchronously. The
// mapping's checkpoint (the last record it is done with) is kept in its row, so a restart, or
// another node taking the mapping over, resumes after it.
//
// A failed batch is retried, in order, before anything after it: split in two first when
// BisectBatchOnFunctionError is set; resumed from the first failed record when the function
// reports batch item failures; given up on when MaximumRetryAttempts or MaximumRecordAgeInSeconds
// say so (or the records leave the stream after 24 hours), and then reported to the on-failure
// destination with Lambda's DDBStreamBatchInfo record.
//
// With ParallelizationFactor, a read is split into lanes by item key, each lane invoking the
// function with its own batches at the same time as the others (so each item's records stay in
// order); the next read waits for every lane, and the checkpoint moves once all are done.
//
// With TumblingWindowInSeconds, batches are cut at window boundaries and carry the window's state
// (stream-windows.ts); the open window is saved with the checkpoint, so it survives a restart too.
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { matchesPattern, parseEventPattern, type EventPattern } from '../../core/event-pattern.js';
import type { ServiceEnvironment } from '../../core/service.js';
import { deliver } from './destinations.js';
import { settingsOf, streamSettingsOfRow } from './event-source-configuration.js';
import {
  isNotFound,
  MappingPoller,
  RESULT_CALL_FAILED,
  RESULT_NOT_FOUND,
  RESULT_OK,
  type Poller,
} from './event-source-poller.js';
import { REPORT_BATCH_ITEM_FAILURES, type MappingSettings } from './event-source-settings.js';
import { describeStream, streamSourceOf, type StreamSource } from './event-source-stream.js';
import { reportedFailures } from './sqs-event.js';
import type { StreamSettings } from './stream-settings.js';
import { readStreamCheckpoint, setStreamCheckpoint, type MappingRow } from './store-event-source-mappings.js';
import {
  returnedState,
  sameWindowPrefix,
  stateTooLarge,
  windowEvent,
  windowStartOf,
  type OpenWindow,
} from './stream-windows.js';

/** Lambda reads each shard about four times a second. */
const POLL_INTERVAL_MS = 250;
const ERROR_PAUSE_MS = 10_000;
const RETRY_PAUSE_MS = 1000;
/** A closed shard read to its end: looked at again this rarely, in case the mapping changes. */
const CLOSED_PAUSE_MS = 60_000;
/** Records leave the stream after 24 hours: a batch failing that long is given up on. */
const STREAM_RETENTION_S = 24 * 60 * 60;
/** GetRecords' largest page. */
const MAX_READ = 1000;

export interface StreamRecord {
  eventID: string;
  eventName: string;
  eventSourceARN: string;
  dynamodb: { SequenceNumber: string; ApproximateCreationDateTime: number; [member: string]: unknown };
  [member: string]: unknown;
}

type Outcome = { ok: true } | { ok: false; failedFrom: number; response?: InvokeOutput };

interface InvokeOutput {
  StatusCode?: number;
  ExecutedVersion?: string;
  FunctionError?: string;
  Payload?: Uint8Array;
}

/** The lane of a record's item: one item's records always share one. */
export function laneOf(record: StreamRecord, lanes: number): number {
  return crc32(JSON.stringify(record.dynamodb['Keys'])) % lanes;
}

export class StreamPoller extends MappingPoller implements Poller {
  private readonly settings: MappingSettings;
  private readonly stream: StreamSettings;
  private readonly patterns: EventPattern[];
  private readonly source: StreamSource;
  private worker: Promise<void> | undefined;
  private iterator: string | undefined;
  private shardId: string | undefined;
  /** Read from the row when the poller opens the stream (a predecessor may have moved it since). */
  private checkpoint: string | null | undefined;
  /** The tumbling window in progress, saved with the checkpoint. */
  private window: OpenWindow | undefined;
  /** Records read past a window boundary, processed before anything else is read. */
  private pending: StreamRecord[] = [];
  private started: Promise<void> | undefined;

  constructor(env: ServiceEnvironment, row: MappingRow) {
    super(env, row);
    this.settings = settingsOf(row);
    this.stream = streamSettingsOfRow(row)!;
    this.patterns = this.settings.filters.map((pattern) => parseEventPattern(pattern));
    this.source = streamSourceOf(row.event_source_arn)!;
  }

  start(): void {
    this.started = this.openIterator().catch((error: unknown) => {
      console.error(
        `[nubis] lambda event source mapping ${this.row.uuid}: opening the stream failed:`,
        error,
      );
    });
    this.worker = this.started.then(() => this.work());
  }

  /** LATEST means what is written after the poller started: it has its iterator when this resolves. */
  ready(): Promise<void> {
    return this.started ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.worker;
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!(await this.functionExists())) {
          await this.missingPause();
          continue;
        }
        if (!this.iterator) await this.openIterator();
        if (!this.iterator) {
          await this.pause(CLOSED_PAUSE_MS);
          continue;
        }
        const batch = await this.gather();
        if (this.stopped) return;
        if (batch.length === 0) {
          if (this.windowEnded()) await this.closeWindow(false);
          else await this.pause(POLL_INTERVAL_MS);
          continue;
        }
        await this.process(batch);
      } catch (error) {
        if (this.stopped) return;
        console.error(`[nubis] lambda event source mapping ${this.row.uuid}:`, error);
        this.iterator = undefined; // reopened at the checkpoint
        this.pending = [];
        await this.pause(ERROR_PAUSE_MS);
      }
    }
  }

  private call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
    const scope = { accountId: this.source.accountId, region: this.source.region };
    return this.env.client.call<T>('dynamodb', operation, input, scope);
  }

  /** Reads on after the checkpoint, or from the starting position when there is none yet. */
  private async openIterator(): Promise<void> {
    this.shardId ??= (await describeStream(this.env.client, this.scope, this.source)).Shards[0]?.ShardId;
    if (!this.shardId) return;
    if (this.checkpoint === undefined) {
      const saved = await readStreamCheckpoint(this.env.storage.db, this.mappingKey());
      this.checkpoint = saved.sequenceNumber;
      this.window = saved.window === null ? undefined : (JSON.parse(saved.window) as OpenWindow);
    }
    const position =
      this.checkpoint === null
        ? { ShardIteratorType: this.stream.startingPosition }
        : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: this.checkpoint };
    const output = await this.call<{ ShardIterator: string }>('GetShardIterator', {
      StreamArn: this.source.arn,
      ShardId: this.shardId,
      ...position,
    });
    this.iterator = output.ShardIterator;
  }

  private async read(limit: number): Promise<StreamRecord[]> {
    const output = await this.call<{ Records: StreamRecord[]; NextShardIterator?: string }>('GetRecords', {
      ShardIterator: this.iterator,
      Limit: limit,
    });
    this.iterator = output.NextShardIterator;
    return output.Records.map((record) => ({ ...record, eventSourceARN: this.source.arn }));
  }

  /** One batch: what the shard has now, then more until it is full or the window has passed. */
  private async gather(): Promise<StreamRecord[]> {
    const { batchingWindowS } = this.settings;
    const size = this.readSize();
    if (this.pending.length > 0) return this.pending.splice(0, size);
    const records = await this.read(size);
    if (records.length === 0 || batchingWindowS === 0) return records;
    const closesAt = this.env.clock.now() + batchingWindowS * 1000;
    while (records.length < size && this.iterator && !this.stopped) {
      const left = closesAt - this.env.clock.now();
      if (left <= 0) break;
      await this.pause(Math.min(POLL_INTERVAL_MS, left));
      records.push(...(await this.read(size - records.length)));
    }
    return records;
  }

  /** Records no filter matches are passed over without invoking the function. */
  private async process(records: StreamRecord[]): Promise<void> {
    const batch = this.windowed() ? await this.withinWindow(records) : records;
    if (!batch) return;
    const wanted =
      this.patterns.length === 0
        ? batch
        : batch.filter((record) => this.patterns.some((pattern) => matchesPattern(pattern, record)));
    // Stopped before the batch was done: the next poller resumes from the last checkpoint.
    if (wanted.length > 0 && !(await this.deliverLanes(wanted))) return;
    await this.saveCheckpoint(batch[batch.length - 1]!);
    if (this.window && stateTooLarge(this.window.state)) await this.closeWindow(true);
  }

  /** Lanes at once: ParallelizationFactor, but one for a tumbling window (its state is the shard's). */
  private lanes(): number {
    return this.windowed() ? 1 : this.stream.parallelizationFactor;
  }

  /** A batch for each lane: one read fills them all, as far as GetRecords' page allows. */
  private readSize(): number {
    const { batchSize } = this.settings;
    return Math.min(batchSize * this.lanes(), Math.max(batchSize, MAX_READ));
  }

  /** Every lane's records, each lane's in batches of BatchSize, the lanes side by side. */
  private async deliverLanes(records: StreamRecord[]): Promise<boolean> {
    const count = this.lanes();
    if (count === 1) return this.deliverInOrder(records, true);
    const lanes = Array.from({ length: count }, () => [] as StreamRecord[]);
    for (const record of records) lanes[laneOf(record, count)]!.push(record);
    const { batchSize } = this.settings;
    const done = await Promise.all(
      lanes.map(async (lane) => {
        for (let at = 0; at < lane.length; at += batchSize) {
          // Only the whole read moves the checkpoint: the other lanes may be behind this one.
          if (!(await this.deliverInOrder(lane.slice(at, at + batchSize), false))) return false;
        }
        return true;
      }),
    );
    return done.every(Boolean);
  }

  private windowLengthS(): number {
    return this.stream.tumblingWindowS ?? 0;
  }

  private windowed(): boolean {
    return this.windowLengthS() > 0;
  }

  private windowEnded(): boolean {
    return (
      this.window !== undefined && this.env.clock.now() >= (this.window.startS + this.windowLengthS()) * 1000
    );
  }

  /**
   * The head of the batch that falls in one window (the rest waits its turn), once the window
   * before it is closed; undefined if the poller stopped first.
   */
  private async withinWindow(records: StreamRecord[]): Promise<StreamRecord[] | undefined> {
    const lengthS = this.windowLengthS();
    const cut = sameWindowPrefix(records, lengthS);
    this.pending.unshift(...records.slice(cut));
    const startS = windowStartOf(records[0]!, lengthS);
    if (this.window && this.window.startS !== startS && !(await this.closeWindow(false))) return undefined;
    this.window ??= { startS, state: {} };
    return records.slice(0, cut);
  }

  /**
   * The window's final invocation, with its state and no records, retried until it succeeds (Lambda
   * holds the shard until then); false if the poller stopped first. A window ended early for the
   * size of its state goes on with a fresh one.
   */
  private async closeWindow(terminatedEarly: boolean): Promise<boolean> {
    const window = this.window!;
    while (!this.stopped) {
      const outcome = await this.invoke([], { final: true, terminatedEarly });
      if (outcome.ok) {
        this.window = terminatedEarly ? { startS: window.startS, state: {} } : undefined;
        await this.persist();
        return true;
      }
      await this.pause(RETRY_PAUSE_MS);
    }
    return false;
  }

  private mappingKey() {
    return { accountId: this.row.account_id, region: this.row.region, uuid: this.row.uuid };
  }

  private async saveCheckpoint(record: StreamRecord): Promise<void> {
    this.checkpoint = record.dynamodb.SequenceNumber;
    await this.persist();
  }

  private async persist(): Promise<void> {
    await setStreamCheckpoint(this.env.storage.db, this.mappingKey(), {
      sequenceNumber: this.checkpoint ?? null,
      window: this.window ? JSON.stringify(this.window) : null,
    });
  }

  /**
   * The batch, retried (and split) until every part succeeded or was given up on; false if stopped
   * first. `checkpoints`: the records before a reported failure are checkpointed as done.
   */
  private async deliverInOrder(records: StreamRecord[], checkpoints: boolean): Promise<boolean> {
    const parts = [records];
    let retries = 0;
    while (parts.length > 0 && !this.stopped) {
      const part = parts[0]!;
      const outcome = await this.invoke(part);
      if (outcome.ok) {
        parts.shift();
        retries = 0;
        continue;
      }
      if (outcome.failedFrom > 0) {
        // The records before the first reported failure are done.
        if (checkpoints) await this.saveCheckpoint(part[outcome.failedFrom - 1]!);
        parts[0] = part.slice(outcome.failedFrom);
      } else if (this.stream.bisectOnError && part.length > 1) {
        const half = Math.ceil(part.length / 2);
        parts.splice(0, 1, part.slice(0, half), part.slice(half));
        continue;
      }
      const condition = this.giveUpCondition(parts[0]!, retries);
      if (condition) {
        await this.reportFailure(parts.shift()!, condition, retries + 1, outcome.response);
        retries = 0;
        continue;
      }
      retries += 1;
      await this.pause(RETRY_PAUSE_MS);
    }
    return parts.length === 0;
  }

  private giveUpCondition(part: StreamRecord[], retries: number): string | undefined {
    const { maximumRetryAttempts, maximumRecordAgeS } = this.stream;
    if (maximumRetryAttempts !== -1 && retries >= maximumRetryAttempts) return 'RetryAttemptsExhausted';
    const ageS = this.env.clock.now() / 1000 - part[0]!.dynamodb.ApproximateCreationDateTime;
    const limitS = maximumRecordAgeS === -1 ? STREAM_RETENTION_S : maximumRecordAgeS;
    return ageS > limitS ? 'RecordAgeExceeded' : undefined;
  }

  /** The function's event: the records, and in a tumbling window the window and its state. */
  private eventFor(records: StreamRecord[], closing?: { final: boolean; terminatedEarly: boolean }) {
    if (!this.window) return { Records: records };
    return windowEvent(records, {
      window: this.window,
      lengthS: this.windowLengthS(),
      shardId: this.shardId!,
      eventSourceARN: this.source.arn,
      final: closing?.final ?? false,
      terminatedEarly: closing?.terminatedEarly ?? false,
    });
  }

  private async invoke(
    records: StreamRecord[],
    closing?: { final: boolean; terminatedEarly: boolean },
  ): Promise<Outcome> {
    let output: InvokeOutput;
    try {
      output = await this.env.client.call<InvokeOutput>(
        'lambda',
        'Invoke',
        {
          FunctionName: this.row.function_arn,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(this.eventFor(records, closing))),
        },
        this.scope,
      );
    } catch (error) {
      if (isNotFound(error)) await this.report(RESULT_NOT_FOUND);
      else console.error(`[nubis] lambda event source mapping ${this.row.uuid}: invoke failed:`, error);
      return { ok: false, failedFrom: 0 };
    }
    await this.report(output.FunctionError === undefined ? RESULT_OK : RESULT_CALL_FAILED);
    if (output.FunctionError !== undefined) return { ok: false, failedFrom: 0, response: output };
    if (closing) return { ok: true };
    if (this.window) {
      // In a window the response must carry the state; without it the invocation failed.
      const state = returnedState(output.Payload);
      if (!state) return { ok: false, failedFrom: 0, response: output };
      this.window.state = state;
    }
    if (!this.settings.responseTypes.includes(REPORT_BATCH_ITEM_FAILURES)) return { ok: true };
    const numbers = records.map((record) => record.dynamodb.SequenceNumber);
    const failed = reportedFailures(output.Payload, numbers);
    if (failed === undefined) return { ok: false, failedFrom: 0, response: output };
    if (failed.size === 0) return { ok: true };
    // Lambda resumes from the earliest record reported as failed.
    const failedFrom = numbers.findIndex((number) => failed.has(number));
    return { ok: false, failedFrom, response: output };
  }

  /** Lambda's invocation record for a batch given up on (with DDBStreamBatchInfo, not the records). */
  private async reportFailure(
    part: StreamRecord[],
    condition: string,
    invokeCount: number,
    response: InvokeOutput | undefined,
  ): Promise<void> {
    const first = part[0]!;
    const last = part[part.length - 1]!;
    const arrival = (record: StreamRecord) =>
      new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString();
    console.error(
      `[nubis] lambda event source mapping ${this.row.uuid}: gave up on ${part.length} records (${condition})`,
    );
    if (!this.stream.onFailure) return;
    const record = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.row.function_arn,
        condition,
        approximateInvokeCount: invokeCount,
      },
      responseContext: {
        statusCode: response?.StatusCode ?? 0,
        executedVersion: response?.ExecutedVersion ?? '',
        functionError: response?.FunctionError ?? '',
      },
      version: '1.0',
      timestamp: new Date(this.env.clock.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: part.length,
        streamArn: this.source.arn,
      },
    };
    await deliver(this.env.client, this.stream.onFailure, { body: JSON.stringify(record) });
  }
}
