// SQL over logs_events. Events are ordered by (event_at, seq): their timestamp, then ingestion order,
// so reads and tokens are stable however batches interleave.
import type { Database, SqlParams } from '../../storage/types.js';

export interface EventRow {
  stream_name: string;
  seq: number;
  event_at: number;
  ingested_at: number;
  message: string;
}

export interface NewEvent {
  seq: number;
  eventAt: number;
  message: string;
  bytes: number;
}

/** A place in the (event_at, seq) order. */
export interface Position {
  time: number;
  seq: number;
}

const INSERT_CHUNK = 500;

export async function insertEvents(
  db: Database,
  target: { groupId: string; streamName: string; now: number },
  events: NewEvent[],
): Promise<void> {
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const chunk = events.slice(start, start + INSERT_CHUNK);
    const params: SqlParams = { groupId: target.groupId, streamName: target.streamName, now: target.now };
    const values = chunk.map((event, i) => {
      params[`q${i}`] = event.seq;
      params[`t${i}`] = event.eventAt;
      params[`m${i}`] = event.message;
      params[`b${i}`] = event.bytes;
      return `(:groupId, :streamName, :q${i}, :t${i}, :now, :m${i}, :b${i})`;
    });
    await db.run(
      `INSERT INTO logs_events (group_id, stream_name, seq, event_at, ingested_at, message, bytes)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
}

export interface EventQuery {
  groupId: string;
  /** One stream, several, or all (undefined). */
  streams: string[] | undefined;
  streamPrefix: string;
  /** Inclusive bounds on the timestamp; `from` already raised to the retention cutoff. */
  from: number;
  to: number;
  after: Position | undefined;
  before: Position | undefined;
  descending: boolean;
  limit: number;
}

function streamClause(q: EventQuery, params: SqlParams): string {
  if (q.streams === undefined) {
    params['prefix'] = q.streamPrefix;
    params['prefixLength'] = q.streamPrefix.length;
    return q.streamPrefix === '' ? '' : 'AND substr(stream_name, 1, :prefixLength) = :prefix';
  }
  if (q.streams.length === 0) return 'AND 1 = 0';
  const names = q.streams.map((name, i) => {
    params[`s${i}`] = name;
    return `:s${i}`;
  });
  return `AND stream_name IN (${names.join(', ')})`;
}

export async function queryEvents(db: Database, q: EventQuery): Promise<EventRow[]> {
  const params: SqlParams = { groupId: q.groupId, from: q.from, to: q.to, limit: q.limit };
  let keyset = '';
  if (q.after) {
    keyset += ' AND (event_at > :afterTime OR (event_at = :afterTime AND seq > :afterSeq))';
    Object.assign(params, { afterTime: q.after.time, afterSeq: q.after.seq });
  }
  if (q.before) {
    keyset += ' AND (event_at < :beforeTime OR (event_at = :beforeTime AND seq < :beforeSeq))';
    Object.assign(params, { beforeTime: q.before.time, beforeSeq: q.before.seq });
  }
  const dir = q.descending ? 'DESC' : 'ASC';
  const rows = await db.all<EventRow>(
    `SELECT stream_name, seq, event_at, ingested_at, message FROM logs_events
     WHERE group_id = :groupId AND event_at >= :from AND event_at <= :to ${streamClause(q, params)}${keyset}
     ORDER BY event_at ${dir}, seq ${dir} LIMIT :limit`,
    params,
  );
  return rows.map((row) => ({
    ...row,
    seq: Number(row.seq),
    event_at: Number(row.event_at),
    ingested_at: Number(row.ingested_at),
  }));
}

/** Deletes the group's events older than `cutoff`; returns how many. */
export async function deleteEventsBefore(db: Database, groupId: string, cutoff: number): Promise<number> {
  const { changes } = await db.run(
    'DELETE FROM logs_events WHERE group_id = :groupId AND event_at < :cutoff',
    {
      groupId,
      cutoff,
    },
  );
  return changes;
}
