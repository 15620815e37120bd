// PutLogEvents: batch rules from the API reference. A batch holds 1–10,000 events, at most
// 1,048,576 bytes (each event's UTF-8 message plus 26 bytes), in chronological order, spanning at
// most 24 hours. Events older than 14 days or than the group's retention, or more than 2 hours in
// the future, are rejected and reported in rejectedLogEventsInfo; the rest are stored. Sequence
// tokens are accepted and ignored (AWS no longer checks them).
import type {
  InputLogEvent,
  PutLogEventsRequest,
  PutLogEventsResponse,
  RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import type { OperationHandler } from '../../core/service.js';
import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_BYTES,
  MAX_EVENT_FUTURE_MS,
} from './constants.js';
import { invalidParameter, streamNotFound, validationError } from './errors.js';
import { requireGroup, retentionCutoff } from './group.js';
import { insertEvents, type NewEvent } from './store-events.js';
import { takeSequence } from './store-groups.js';
import { findStream, recordUpload } from './store-streams.js';
import { sequenceToken } from './streams.js';

function checkBatch(events: InputLogEvent[]): number[] {
  if (events.length < 1)
    throw validationError('[]', 'logEvents', 'Member must have length greater than or equal to 1');
  if (events.length > MAX_BATCH_EVENTS) {
    throw validationError(
      'logEvents',
      'logEvents',
      `Member must have length less than or equal to ${MAX_BATCH_EVENTS}`,
    );
  }
  const sizes = events.map((event) => Buffer.byteLength(event.message ?? '', 'utf8'));
  sizes.forEach((size, i) => {
    if (size < 1) {
      throw validationError(
        '',
        `logEvents.${i + 1}.member.message`,
        'Member must have length greater than or equal to 1',
      );
    }
    if (size > MAX_EVENT_BYTES)
      throw invalidParameter(`Log event too large: ${size} bytes exceeds limit of ${MAX_EVENT_BYTES}`);
  });
  const total = sizes.reduce((sum, size) => sum + size + EVENT_OVERHEAD_BYTES, 0);
  if (total > MAX_BATCH_BYTES)
    throw invalidParameter(`Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  for (let i = 1; i < events.length; i++) {
    if (Number(events[i]!.timestamp) < Number(events[i - 1]!.timestamp)) {
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  const span = Number(events[events.length - 1]!.timestamp) - Number(events[0]!.timestamp);
  if (span > MAX_BATCH_SPAN_MS) {
    throw invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  }
  return sizes;
}

interface Split {
  /** Accepted events are [start, end). */
  start: number;
  end: number;
  rejected: RejectedLogEventsInfo | undefined;
}

/** The batch is sorted, so too-old and expired events form a prefix and too-new ones a suffix. */
export function splitBatch(timestamps: number[], now: number, cutoff: number): Split {
  const count = (test: (t: number) => boolean) => timestamps.filter(test).length;
  const tooOld = count((t) => t < now - MAX_EVENT_AGE_MS);
  const expired = cutoff > 0 ? count((t) => t < cutoff) : 0;
  const firstTooNew = timestamps.findIndex((t) => t > now + MAX_EVENT_FUTURE_MS);
  const rejected: RejectedLogEventsInfo = {};
  if (tooOld > 0) rejected.tooOldLogEventEndIndex = tooOld;
  if (expired > 0) rejected.expiredLogEventEndIndex = expired;
  if (firstTooNew >= 0) rejected.tooNewLogEventStartIndex = firstTooNew;
  const end = firstTooNew >= 0 ? firstTooNew : timestamps.length;
  const start = Math.min(Math.max(tooOld, expired), end);
  return { start, end, rejected: Object.keys(rejected).length > 0 ? rejected : undefined };
}

export const PutLogEvents: OperationHandler<PutLogEventsRequest, PutLogEventsResponse> = async (
  ctx,
  input,
) => {
  const events = input.logEvents ?? [];
  const sizes = checkBatch(events);
  const now = ctx.clock.now();
  return ctx.storage.db.transaction(async (tx) => {
    const group = await requireGroup(tx, ctx, input.logGroupName!);
    if (!(await findStream(tx, group.id, input.logStreamName!))) throw streamNotFound();
    const timestamps = events.map((event) => Number(event.timestamp));
    const split = splitBatch(timestamps, now, retentionCutoff(group, now));
    const accepted = split.end - split.start;
    const rows: NewEvent[] = [];
    if (accepted > 0) {
      const first = await takeSequence(tx, group.id, accepted);
      for (let i = split.start; i < split.end; i++) {
        rows.push({
          seq: first + i - split.start,
          eventAt: timestamps[i]!,
          message: events[i]!.message!,
          bytes: sizes[i]!,
        });
      }
      await insertEvents(tx, { groupId: group.id, streamName: input.logStreamName!, now }, rows);
    }
    const uploadSeq = await recordUpload(tx, group.id, input.logStreamName!, {
      first: rows[0]?.eventAt ?? null,
      last: rows[rows.length - 1]?.eventAt ?? null,
      now,
    });
    return { nextSequenceToken: sequenceToken(uploadSeq), rejectedLogEventsInfo: split.rejected };
  });
};
