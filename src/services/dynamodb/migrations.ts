import type { Database, Migration } from '../../storage/types.js';

// Tables: `description` holds the stored parts of the TableDescription as JSON (key schema,
// attribute definitions, indexes, throughput, stream settings); `pending` holds a change that takes
// effect at `settles_at` (CREATING/UPDATING/DELETING end then, as DynamoDB's do a little after the
// call). A deleted table keeps its row, renamed to NULL, until its items are purged.
const TABLES = `CREATE TABLE dynamodb_tables (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT,
  status TEXT NOT NULL,
  settles_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  description TEXT NOT NULL,
  pending TEXT,
  tags TEXT NOT NULL,
  ttl TEXT,
  UNIQUE (account_id, region, name)
)`;

/** Key columns hold DynamoDB-ordered bytes (keys.ts): SQLite BLOB and PostgreSQL BYTEA both memcmp. */
function bytes(db: Database): string {
  return db.dialect === 'postgres' ? 'BYTEA' : 'BLOB';
}

/** SQLite keeps rows clustered by primary key without a rowid: one B-tree lookup per item. */
function clustered(db: Database): string {
  return db.dialect === 'sqlite' ? ' WITHOUT ROWID' : '';
}

function items(db: Database): string {
  return `CREATE TABLE dynamodb_items (
  table_id TEXT NOT NULL,
  pk ${bytes(db)} NOT NULL,
  sk ${bytes(db)} NOT NULL,
  item TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (table_id, pk, sk)
)${clustered(db)}`;
}

// A secondary index entry: the index's own key (pk, sk), then the item's table key, which makes
// entries with equal index keys unique and ordered. `item` is the projected item.
function indexItems(db: Database): string {
  return `CREATE TABLE dynamodb_index_items (
  table_id TEXT NOT NULL,
  index_name TEXT NOT NULL,
  pk ${bytes(db)} NOT NULL,
  sk ${bytes(db)} NOT NULL,
  item_pk ${bytes(db)} NOT NULL,
  item_sk ${bytes(db)} NOT NULL,
  item TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (table_id, index_name, pk, sk, item_pk, item_sk)
)${clustered(db)}`;
}

// A TransactWriteItems ClientRequestToken that succeeded, with a digest of the request it came
// with, kept for DynamoDB's ten-minute idempotency window.
const TRANSACTION_TOKENS = `CREATE TABLE dynamodb_transaction_tokens (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  token TEXT NOT NULL,
  request_digest TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, token)
)`;

// A table's stream (one per enabling; a disabled or deleted table's stream stays readable for 24
// hours) and its records, numbered in the order they were written. `last_seq` hands out the numbers
// inside each writing transaction, so a reader never sees a later number before an earlier one.
const STREAMS = `CREATE TABLE dynamodb_streams (
  arn TEXT PRIMARY KEY,
  table_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  table_name TEXT NOT NULL,
  label TEXT NOT NULL,
  view_type TEXT NOT NULL,
  key_schema TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT,
  last_seq BIGINT NOT NULL
)`;

const STREAMS_BY_TABLE =
  'CREATE INDEX dynamodb_streams_by_table ON dynamodb_streams (account_id, region, table_name, created_at)';

const STREAM_RECORDS = `CREATE TABLE dynamodb_stream_records (
  stream_arn TEXT NOT NULL,
  seq BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (stream_arn, seq)
)`;

const STREAM_RECORDS_BY_AGE =
  'CREATE INDEX dynamodb_stream_records_by_age ON dynamodb_stream_records (created_at)';

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'tables, items, secondary index entries',
    async up(db) {
      for (const statement of [TABLES, items(db), indexItems(db)]) await db.run(statement);
    },
  },
  {
    id: 2,
    name: 'transaction client request tokens',
    async up(db) {
      await db.run(TRANSACTION_TOKENS);
    },
  },
  {
    id: 3,
    name: 'streams and their records',
    async up(db) {
      for (const statement of [STREAMS, STREAMS_BY_TABLE, STREAM_RECORDS, STREAM_RECORDS_BY_AGE]) {
        await db.run(statement);
      }
    },
  },
  {
    id: 4,
    name: 'item expiry times',
    async up(db) {
      // Epoch seconds of the TTL attribute while the table's TTL is on (items/expiry.ts).
      await db.run('ALTER TABLE dynamodb_items ADD COLUMN expires_at DOUBLE PRECISION');
      await db.run(
        'CREATE INDEX dynamodb_items_by_expiry ON dynamodb_items (table_id, expires_at) WHERE expires_at IS NOT NULL',
      );
    },
  },
];
