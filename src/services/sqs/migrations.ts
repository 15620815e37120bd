import type { Migration } from '../../storage/types.js';

// Times are epoch milliseconds (BIGINT), JSON is TEXT, booleans 0/1. A queue row keeps its id for
// life; a queue created again under the same name is a new row with a new id, so nothing of the old
// queue (messages, receipt handles, deduplication) can leak into it.
const QUEUES = `CREATE TABLE sqs_queues (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  fifo INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL,
  dlq_arn TEXT,
  seq BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  purged_at BIGINT,
  deleted_at BIGINT,
  UNIQUE (account_id, region, name)
)`;

// retention_base: the instant retention counts from (the original send for standard queues, also in
// a dead-letter queue; the move for FIFO ones). enqueued_at: arrival in this queue. seq orders FIFO
// messages (0 in standard queues, ordered by sent_at).
const MESSAGES = `CREATE TABLE sqs_messages (
  queue_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  body TEXT NOT NULL,
  md5_body TEXT NOT NULL,
  attributes TEXT,
  system_attributes TEXT,
  md5_system TEXT,
  sender_id TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  retention_base BIGINT NOT NULL,
  enqueued_at BIGINT NOT NULL,
  visible_at BIGINT NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  first_received_at BIGINT,
  received_at BIGINT,
  receipt_token TEXT,
  group_id TEXT,
  dedup_id TEXT,
  seq BIGINT NOT NULL DEFAULT 0,
  sequence_number TEXT,
  dlq_source_arn TEXT,
  PRIMARY KEY (queue_id, message_id)
)`;

const DEDUP = `CREATE TABLE sqs_dedup (
  queue_id TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sequence_number TEXT,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (queue_id, dedup_key)
)`;

const RECEIVE_ATTEMPTS = `CREATE TABLE sqs_receive_attempts (
  queue_id TEXT NOT NULL,
  attempt_id TEXT NOT NULL,
  receipt_token TEXT NOT NULL,
  message_ids TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (queue_id, attempt_id)
)`;

const MOVE_TASKS = `CREATE TABLE sqs_move_tasks (
  task_id TEXT PRIMARY KEY,
  source_arn TEXT NOT NULL,
  source_queue_id TEXT NOT NULL,
  destination_arn TEXT,
  max_per_second INTEGER,
  status TEXT NOT NULL,
  moved BIGINT NOT NULL DEFAULT 0,
  to_move BIGINT NOT NULL,
  failure_reason TEXT,
  started_at BIGINT NOT NULL
)`;

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'queues, messages, deduplication, receive attempts, move tasks',
    async up(db) {
      for (const statement of [QUEUES, MESSAGES, DEDUP, RECEIVE_ATTEMPTS, MOVE_TASKS])
        await db.run(statement);
      await db.run('CREATE INDEX sqs_queues_dlq ON sqs_queues (dlq_arn)');
      await db.run('CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at, sent_at)');
      await db.run('CREATE INDEX sqs_messages_order ON sqs_messages (queue_id, seq, sent_at)');
      await db.run('CREATE INDEX sqs_messages_group ON sqs_messages (queue_id, group_id, seq)');
      await db.run('CREATE INDEX sqs_dedup_expiry ON sqs_dedup (expires_at)');
      await db.run('CREATE INDEX sqs_move_tasks_source ON sqs_move_tasks (source_queue_id, started_at)');
    },
  },
];
