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

// One row per event source mapping. A queue maps to a function once (the UNIQUE key);
// revision_id changes with every update, so pollers notice changes made within one millisecond.
// filter_criteria and function_response_types are JSON TEXT; enabled is 0/1.
const EVENT_SOURCE_MAPPINGS = `CREATE TABLE lambda_event_source_mappings (
  uuid TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  event_source_arn TEXT NOT NULL,
  function_arn TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  batch_size INTEGER NOT NULL,
  batching_window_s INTEGER NOT NULL,
  filter_criteria TEXT,
  function_response_types TEXT NOT NULL,
  maximum_concurrency INTEGER,
  revision_id TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  UNIQUE (account_id, region, event_source_arn, function_arn)
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
    id: 4,
    name: 'event source mappings',
    async up(db) {
      await db.run(EVENT_SOURCE_MAPPINGS);
      await db.run('CREATE INDEX lambda_esm_enabled ON lambda_event_source_mappings (enabled)');
    },
  },
];
