// Tumbling windows of a stream mapping, as Lambda keeps them
// (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html): each record belongs to
// the window of TumblingWindowInSeconds its ApproximateCreationDateTime falls in (windows start at
// multiples of the length), a batch never spans two windows, and every invocation gets the state
// the previous one of its window returned. Once a window has ended, the function is invoked once
// more with isFinalInvokeForWindow and no records; a state over 1 MB ends its window early
// (isWindowTerminatedEarly), and the window goes on with a fresh state.
import type { StreamRecord } from './stream-poller.js';

export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

/** The window in progress: its start (epoch seconds) and the state so far. */
export interface OpenWindow {
  startS: number;
  state: Record<string, unknown>;
}

export function windowStartOf(record: StreamRecord, lengthS: number): number {
  return Math.floor(record.dynamodb.ApproximateCreationDateTime / lengthS) * lengthS;
}

/** The records at the head of `records` that share the first one's window. */
export function sameWindowPrefix(records: StreamRecord[], lengthS: number): number {
  const start = windowStartOf(records[0]!, lengthS);
  const other = records.findIndex((record) => windowStartOf(record, lengthS) !== start);
  return other === -1 ? records.length : other;
}

export interface WindowEventContext {
  window: OpenWindow;
  lengthS: number;
  shardId: string;
  eventSourceARN: string;
  final: boolean;
  terminatedEarly: boolean;
}

/** The event of one invocation in a window (DynamodbTimeWindowEvent). */
export function windowEvent(records: StreamRecord[], context: WindowEventContext): Record<string, unknown> {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return {
    Records: records,
    window: { start: iso(context.window.startS), end: iso(context.window.startS + context.lengthS) },
    state: context.window.state,
    shardId: context.shardId,
    eventSourceARN: context.eventSourceARN,
    isFinalInvokeForWindow: context.final,
    isWindowTerminatedEarly: context.terminatedEarly,
  };
}

/**
 * The state a function returned (TimeWindowEventResponse), or undefined when it returned none:
 * Lambda counts a response without `state` as a failed invocation.
 */
export function returnedState(payload: Uint8Array | undefined): Record<string, unknown> | undefined {
  let response: unknown;
  try {
    response = JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof response !== 'object' || response === null || !('state' in response)) return undefined;
  const state = (response as { state: unknown }).state;
  return typeof state === 'object' && state !== null && !Array.isArray(state)
    ? (state as Record<string, unknown>)
    : state === null
      ? {}
      : undefined;
}

export function stateTooLarge(state: Record<string, unknown>): boolean {
  return Buffer.byteLength(JSON.stringify(state)) > MAX_WINDOW_STATE_BYTES;
}
