// GetLogEvents: one stream's events in (timestamp, ingestion) order. Without a token it returns the
// newest events (or the oldest with startFromHead); `f/…` tokens read forward, `b/…` backward.
// When nothing lies further in a direction, the token passed in comes back unchanged: that is how
// SDK paginators and `aws logs tail --follow` know to stop or wait.
import type { GetLogEventsRequest, GetLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { OperationHandler } from '../../core/service.js';
import { EVENT_OVERHEAD_BYTES, MAX_READ_BYTES, MAX_READ_EVENTS } from './constants.js';
import { streamNotFound } from './errors.js';
import { resolveGroup, retentionCutoff } from './group.js';
import { queryEvents, type EventRow, type Position } from './store-events.js';
import { findStream } from './store-streams.js';
import { parseStreamToken, streamToken } from './tokens.js';
import { checkLimit } from './validate.js';

const ORIGIN: Position = { time: 0, seq: 0 };

/** Keeps events, in the order read, while they fit in the 1 MB response budget. */
export function withinBudget(rows: EventRow[]): EventRow[] {
  let bytes = 0;
  const kept: EventRow[] = [];
  for (const row of rows) {
    bytes += Buffer.byteLength(row.message, 'utf8') + EVENT_OVERHEAD_BYTES;
    if (bytes > MAX_READ_BYTES && kept.length > 0) break;
    kept.push(row);
  }
  return kept;
}

const position = (row: EventRow): Position => ({ time: row.event_at, seq: row.seq });

export const GetLogEvents: OperationHandler<GetLogEventsRequest, GetLogEventsResponse> = async (
  ctx,
  input,
) => {
  const limit = checkLimit(input.limit, MAX_READ_EVENTS);
  const db = ctx.storage.db;
  const group = await resolveGroup(db, ctx, input);
  if (!(await findStream(db, group.id, input.logStreamName!))) throw streamNotFound();
  const token = input.nextToken ? parseStreamToken(input.nextToken) : undefined;
  const forward = token ? token.direction === 'f' : input.startFromHead === true;
  const read = await queryEvents(db, {
    groupId: group.id,
    streams: [input.logStreamName!],
    streamPrefix: '',
    from: Math.max(Number(input.startTime ?? 0), retentionCutoff(group, ctx.clock.now())),
    // endTime is exclusive for GetLogEvents.
    to: input.endTime !== undefined ? Number(input.endTime) - 1 : Number.MAX_SAFE_INTEGER,
    after: token?.direction === 'f' ? token.position : undefined,
    before: token?.direction === 'b' ? token.position : undefined,
    descending: !forward,
    limit,
  });
  const kept = withinBudget(read);
  const events = forward ? kept : kept.reverse();
  const first = events[0];
  const last = events[events.length - 1];
  const here = token?.position ?? ORIGIN;
  return {
    events: events.map((row) => ({
      timestamp: row.event_at,
      message: row.message,
      ingestionTime: row.ingested_at,
    })),
    nextForwardToken: last ? streamToken('f', position(last)) : streamToken('f', here),
    nextBackwardToken: first ? streamToken('b', position(first)) : streamToken('b', here),
  };
};
