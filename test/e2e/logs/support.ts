// Shared set-up for the CloudWatch Logs end-to-end suites: one Nubis process per suite with a
// manual clock starting at T0, an SDK client, and helpers for errors and events.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { sdkConfig, startNubis, type NubisProcess, type StorageKind } from '../../support/nubis.js';

/** Where the manual clock starts (2026-03-01T00:00:00Z). */
export const T0 = Date.UTC(2026, 2, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface LogsFixture {
  nubis: NubisProcess;
  logs: CloudWatchLogsClient;
  /** The manual clock's time (the fixture tracks what it advanced). */
  now(): number;
  advance(ms: number): Promise<void>;
}

export function useLogs(storage: StorageKind): LogsFixture {
  let advanced = 0;
  const fixture = {
    now: () => T0 + advanced,
    async advance(ms: number) {
      await fixture.nubis.advanceClock(ms);
      advanced += ms;
    },
  } as LogsFixture;
  before(async () => {
    fixture.nubis = await startNubis({ storage, manualClock: true, clockStartMs: T0 });
    fixture.logs = new CloudWatchLogsClient({ ...sdkConfig(fixture.nubis.endpoint), maxAttempts: 1 });
  });
  after(async () => {
    fixture.logs?.destroy();
    await fixture.nubis?.stop();
  });
  return fixture;
}

export async function rejects(
  promise: Promise<unknown>,
  expected: { name: string; message?: string | RegExp; status?: number },
): Promise<void> {
  await assert.rejects(promise, (error: any) => {
    assert.equal(error.name, expected.name, `${error.name}: ${error.message}`);
    if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
    else if (expected.message) assert.match(error.message, expected.message);
    assert.equal(error.$metadata?.httpStatusCode, expected.status ?? 400);
    return true;
  });
}

/** Creates a group and its streams. */
export async function createStreams(logs: CloudWatchLogsClient, group: string, ...streams: string[]) {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (const stream of streams) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  }
}

export async function put(
  logs: CloudWatchLogsClient,
  group: string,
  stream: string,
  events: InputLogEvent[],
) {
  return logs.send(
    new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }),
  );
}

/** Events `message i` at `start + i * stepMs`. */
export function series(count: number, start: number, stepMs = 1, prefix = 'message'): InputLogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: start + i * stepMs,
    message: `${prefix} ${i}`,
  }));
}
