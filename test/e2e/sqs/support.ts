// Shared set-up for the SQS end-to-end suites: one Nubis process per suite with a manual clock,
// an SDK client, and helpers for AWS errors and for moving time until a pending call settles.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
  type QueueAttributeName,
  type ReceiveMessageCommandInput,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, type NubisProcess, type StorageKind } from '../../support/nubis.js';

export interface SqsFixture {
  nubis: NubisProcess;
  sqs: SQSClient;
  /** A client of another account (12-digit access keys select the account). */
  other: SQSClient;
}

/** Starts Nubis (manual clock) before the suite's tests and stops it after them. */
export function useSqs(storage: StorageKind): SqsFixture {
  const fixture = {} as SqsFixture;
  before(async () => {
    fixture.nubis = await startNubis({ storage, manualClock: true });
    fixture.sqs = new SQSClient({ ...sdkConfig(fixture.nubis.endpoint), maxAttempts: 1 });
    fixture.other = new SQSClient({ ...sdkConfig(fixture.nubis.endpoint, '111122223333'), maxAttempts: 1 });
  });
  after(async () => {
    fixture.sqs?.destroy();
    fixture.other?.destroy();
    await fixture.nubis?.stop();
  });
  return fixture;
}

export interface ExpectedError {
  /** The SDK error's name: the modeled exception, or the query code of an unmodeled error. */
  name: string;
  message?: string | RegExp;
  status?: number;
  /** `Code`, the query-protocol code the JSON response carries in `x-amzn-query-error`. */
  code?: string;
}

export async function rejects(promise: Promise<unknown>, expected: ExpectedError): Promise<void> {
  await assert.rejects(promise, (error: any) => {
    assert.equal(error.name, expected.name, `${error.name}: ${error.message}`);
    if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
    else if (expected.message) assert.match(error.message, expected.message);
    if (expected.status !== undefined) assert.equal(error.$metadata?.httpStatusCode, expected.status);
    if (expected.code !== undefined) assert.equal(error.Code, expected.code);
    return true;
  });
}

export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes?: Record<string, string>,
  tags?: Record<string, string>,
): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes, tags }),
  );
  assert.ok(QueueUrl);
  return QueueUrl;
}

export async function receive(
  sqs: SQSClient,
  url: string,
  input: Omit<ReceiveMessageCommandInput, 'QueueUrl'> = {},
): Promise<Message[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, ...input }),
  );
  return Messages ?? [];
}

export async function attributes(
  sqs: SQSClient,
  url: string,
  ...names: string[]
): Promise<Record<string, string>> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names as QueueAttributeName[] }),
  );
  return Attributes ?? {};
}

/**
 * Advances the manual clock in steps until `pending` settles (a long poll, a move task), at most
 * `maxSteps` times, and returns its value with how much time was advanced. Never sleeps: each
 * step is a round trip to the process.
 */
export async function advanceUntil<T>(
  nubis: NubisProcess,
  pending: Promise<T>,
  stepMs = 1_000,
  maxSteps = 60,
): Promise<{ value: T; advancedMs: number }> {
  let settled = false;
  const tracked = pending.finally(() => {
    settled = true;
  });
  let advancedMs = 0;
  for (let step = 0; step < maxSteps && !settled; step++) {
    await nubis.advanceClock(stepMs);
    advancedMs += stepMs;
    // One more round trip lets a woken request answer before the next step.
    await nubis.advanceClock(0);
  }
  return { value: await tracked, advancedMs };
}

/** Polls `check` (a read through the API), advancing the clock between tries, until it holds. */
export async function eventually(
  nubis: NubisProcess,
  check: () => Promise<boolean>,
  stepMs = 1_000,
  maxSteps = 60,
): Promise<void> {
  for (let step = 0; step < maxSteps; step++) {
    if (await check()) return;
    await nubis.advanceClock(stepMs);
  }
  assert.fail(`condition not met after ${maxSteps} steps of ${stepMs} ms`);
}
