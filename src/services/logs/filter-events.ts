// FilterLogEvents: events of a log group, from all or some streams, interleaved in (timestamp,
// ingestion) order, that match a filter pattern. Each call examines a bounded number of events;
// a nextToken is returned while more may match, and omitted at the end (`aws logs tail` then
// polls again with a later startTime).
import type {
  FilteredLogEvent,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
} from '@aws-sdk/client-cloudwatch-logs';
import type { OperationHandler } from '../../core/service.js';
import { EVENT_OVERHEAD_BYTES, MAX_READ_BYTES, MAX_READ_EVENTS, MAX_SCANNED_EVENTS } from './constants.js';
import { invalidParameter } from './errors.js';
import { compileFilterPattern, FilterPatternError, type Matcher } from './filter-pattern.js';
import { resolveGroup, retentionCutoff } from './group.js';
import { queryEvents, type EventQuery, type EventRow, type Position } from './store-events.js';
import { decodeOpaque, encodeOpaque, positionDigits } from './tokens.js';
import { checkLimit } from './validate.js';

const CHUNK = 1_000;

function compile(pattern: string | undefined): Matcher {
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) throw invalidParameter(error.message);
    throw error;
  }
}

interface Scan {
  events: FilteredLogEvent[];
  /** Where to resume, when the scan stopped before the end. */
  resumeAt: Position | undefined;
}

/** Examines events in order until `limit` match, the 1 MB budget fills, or the scan cap is hit. */
async function scan(
  query: EventQuery,
  matches: Matcher,
  limit: number,
  run: (q: EventQuery) => Promise<EventRow[]>,
): Promise<Scan> {
  const events: FilteredLogEvent[] = [];
  let after = query.after;
  let bytes = 0;
  for (let scanned = 0; scanned < MAX_SCANNED_EVENTS;) {
    const rows = await run({ ...query, after, limit: CHUNK });
    for (const row of rows) {
      scanned++;
      if (matches(row.message)) {
        bytes += Buffer.byteLength(row.message, 'utf8') + EVENT_OVERHEAD_BYTES;
        if (bytes > MAX_READ_BYTES && events.length > 0) return { events, resumeAt: after };
        const at = { time: row.event_at, seq: row.seq };
        events.push({
          logStreamName: row.stream_name,
          timestamp: row.event_at,
          message: row.message,
          ingestionTime: row.ingested_at,
          eventId: positionDigits(at),
        });
      }
      after = { time: row.event_at, seq: row.seq };
      if (events.length >= limit) return { events, resumeAt: after };
    }
    if (rows.length < CHUNK) return { events, resumeAt: undefined };
  }
  return { events, resumeAt: after };
}

export const FilterLogEvents: OperationHandler<FilterLogEventsRequest, FilterLogEventsResponse> = async (
  ctx,
  input,
) => {
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter('You cannot specify both logStreamNames and logStreamNamePrefix.');
  }
  const limit = checkLimit(input.limit, MAX_READ_EVENTS);
  const matches = compile(input.filterPattern);
  const db = ctx.storage.db;
  const group = await resolveGroup(db, ctx, input);
  const scope = JSON.stringify([
    group.id,
    input.logStreamNames,
    input.logStreamNamePrefix,
    input.filterPattern,
  ]);
  const query: EventQuery = {
    groupId: group.id,
    streams: input.logStreamNames,
    streamPrefix: input.logStreamNamePrefix ?? '',
    from: Math.max(Number(input.startTime ?? 0), retentionCutoff(group, ctx.clock.now())),
    // endTime is inclusive for FilterLogEvents.
    to: input.endTime !== undefined ? Number(input.endTime) : Number.MAX_SAFE_INTEGER,
    after: decodeOpaque<Position>(input.nextToken, scope),
    before: undefined,
    descending: false,
    limit: CHUNK,
  };
  const result = await scan(query, matches, limit, (q) => queryEvents(db, q));
  return {
    events: result.events,
    nextToken: result.resumeAt ? encodeOpaque(scope, result.resumeAt) : undefined,
  };
};
