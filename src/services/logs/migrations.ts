import type { Migration } from '../../storage/types.js';

// Times are epoch milliseconds. A group keeps its id for life; a group created again under the same
// name is a new row. `seq` numbers the group's events in ingestion order (taken per PutLogEvents).
const GROUPS = `CREATE TABLE logs_groups (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  retention_days INTEGER,
  log_group_class TEXT NOT NULL,
  kms_key_id TEXT,
  tags TEXT NOT NULL,
  seq BIGINT NOT NULL DEFAULT 0,
  UNIQUE (account_id, region, name)
)`;

const STREAMS = `CREATE TABLE logs_streams (
  group_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  first_event_at BIGINT,
  last_event_at BIGINT,
  last_ingestion_at BIGINT,
  upload_seq BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (group_id, name)
)`;

const EVENTS = `CREATE TABLE logs_events (
  group_id TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  seq BIGINT NOT NULL,
  event_at BIGINT NOT NULL,
  ingested_at BIGINT NOT NULL,
  message TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (group_id, seq)
)`;

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'log groups, log streams, log events',
    async up(db) {
      for (const statement of [GROUPS, STREAMS, EVENTS]) await db.run(statement);
      await db.run('CREATE INDEX logs_events_stream ON logs_events (group_id, stream_name, event_at, seq)');
      await db.run('CREATE INDEX logs_events_time ON logs_events (group_id, event_at, seq)');
    },
  },
];
