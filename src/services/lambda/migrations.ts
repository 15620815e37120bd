import type { Migration } from '../../storage/types.js';

// One row per function ($LATEST). Times are epoch ms; environment and tags are JSON TEXT; the
// deployment package lives in the BlobStore under code_blob.
const FUNCTIONS = `CREATE TABLE lambda_functions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  runtime TEXT,
  role TEXT NOT NULL,
  handler TEXT,
  description TEXT NOT NULL,
  timeout INTEGER NOT NULL,
  memory_size INTEGER NOT NULL,
  environment TEXT,
  tags TEXT NOT NULL,
  code_blob TEXT NOT NULL,
  code_size BIGINT NOT NULL,
  code_sha256 TEXT NOT NULL,
  unzipped_size BIGINT NOT NULL,
  revision_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, name)
)`;

// Reserved concurrency is the function's, not a version's, so it lives beside the function row
// rather than in it (published versions snapshot the row).
const CONCURRENCY = `CREATE TABLE lambda_function_concurrency (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  reserved INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, name)
)`;

// Asynchronous invocation settings per function and qualifier ($LATEST, a version or an alias).
// Absent limits are NULL: Lambda's defaults apply (2 retries, 6 hours).
const EVENT_INVOKE_CONFIGS = `CREATE TABLE lambda_event_invoke_configs (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  maximum_retry_attempts INTEGER,
  maximum_event_age_s INTEGER,
  on_success TEXT,
  on_failure TEXT,
  modified_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, name, qualifier)
)`;

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'functions',
    async up(db) {
      await db.run(FUNCTIONS);
    },
  },
  {
    id: 6,
    name: 'concurrency, event invoke configs, dead-letter queues',
    async up(db) {
      await db.run(CONCURRENCY);
      await db.run(EVENT_INVOKE_CONFIGS);
      // DeadLetterConfig.TargetArn: part of a version's configuration, so it is a column.
      await db.run('ALTER TABLE lambda_functions ADD COLUMN dead_letter_target TEXT');
    },
  },
];
