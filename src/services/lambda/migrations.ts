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

// Published versions are immutable snapshots: the $LATEST row as JSON at publish time (so columns
// added to lambda_functions later are carried without change), the version's own description and
// RevisionId, and its package blob (shared with $LATEST until the code changes). Version numbers
// are never reused while the function exists, hence a counter per function.
const VERSIONS = `CREATE TABLE lambda_versions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  snapshot TEXT NOT NULL,
  description TEXT NOT NULL,
  revision_id TEXT NOT NULL,
  code_blob TEXT NOT NULL,
  code_size BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, name, version)
)`;

const VERSION_COUNTERS = `CREATE TABLE lambda_version_counters (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  last_version BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, name)
)`;

// An alias points at a version ('$LATEST' or a number); routing is Lambda's
// AdditionalVersionWeights as JSON TEXT, or NULL.
const ALIASES = `CREATE TABLE lambda_aliases (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  function_version TEXT NOT NULL,
  description TEXT NOT NULL,
  routing TEXT,
  revision_id TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name, alias)
)`;

// Function URLs: one per function and qualifier ('' for the unqualified function), found by
// url_id from the Host header. Cors is JSON TEXT.
const FUNCTION_URLS = `CREATE TABLE lambda_function_urls (
  url_id TEXT NOT NULL PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  function_name TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  auth_type TEXT NOT NULL,
  cors TEXT,
  invoke_mode TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  UNIQUE (account_id, region, function_name, qualifier)
)`;

// Resource-based policy statements (AddPermission), in the order they were added; statement is
// the statement's JSON as GetPolicy returns it.
const PERMISSIONS = `CREATE TABLE lambda_permissions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  function_name TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  statement_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  statement TEXT NOT NULL,
  PRIMARY KEY (account_id, region, function_name, qualifier, statement_id)
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

// A layer's last version number survives the deletion of all its versions (Lambda never reuses one).
const LAYERS = `CREATE TABLE lambda_layers (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  latest_version BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, name)
)`;

// One row per published layer version; runtimes, architectures and the policy's statements are JSON
// TEXT. A deleted version keeps its row (deleted_at set) and its package while functions use it.
const LAYER_VERSIONS = `CREATE TABLE lambda_layer_versions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  description TEXT NOT NULL,
  license_info TEXT,
  compatible_runtimes TEXT NOT NULL,
  compatible_architectures TEXT NOT NULL,
  code_blob TEXT NOT NULL,
  code_size BIGINT NOT NULL,
  code_sha256 TEXT NOT NULL,
  unzipped_size BIGINT NOT NULL,
  policy TEXT,
  policy_revision_id TEXT,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT,
  PRIMARY KEY (account_id, region, name, version)
)`;

// Provisioned concurrency per version or alias (qualifier). requested is the config; status,
// status_reason and allocated are what the nodes report of bringing the environments up, for the
// config's revision only (a report for a replaced config is dropped).
const PROVISIONED_CONCURRENCY = `CREATE TABLE lambda_provisioned_concurrency (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  requested INTEGER NOT NULL,
  allocated INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT,
  revision TEXT NOT NULL,
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
    id: 2,
    name: 'versions and aliases',
    async up(db) {
      await db.run(VERSIONS);
      await db.run(VERSION_COUNTERS);
      await db.run(ALIASES);
      // A package blob is deleted only when no function or version row references it.
      await db.run('CREATE INDEX lambda_versions_code_blob ON lambda_versions (code_blob)');
      await db.run('CREATE INDEX lambda_functions_code_blob ON lambda_functions (code_blob)');
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
  {
    id: 5,
    name: 'function urls and permissions',
    async up(db) {
      await db.run(FUNCTION_URLS);
      await db.run(PERMISSIONS);
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
  {
    id: 3,
    name: 'layers',
    async up(db) {
      await db.run(LAYERS);
      await db.run(LAYER_VERSIONS);
      // The function's layers in order, as JSON: [{ arn, codeSize, unzippedSize, blobId, sha256 }].
      await db.run('ALTER TABLE lambda_functions ADD COLUMN layers TEXT');
    },
  },
  {
    id: 7,
    name: 'provisioned concurrency',
    async up(db) {
      await db.run(PROVISIONED_CONCURRENCY);
    },
  },
  {
    id: 8,
    name: 'event source mapping processing results',
    async up(db) {
      // LastProcessingResult, written by the poller ("OK", "PROBLEM: …"); NULL before any.
      await db.run('ALTER TABLE lambda_event_source_mappings ADD COLUMN last_processing_result TEXT');
    },
  },
  {
    id: 9,
    name: 'DynamoDB stream event source mappings',
    async up(db) {
      await db.run('ALTER TABLE lambda_event_source_mappings ADD COLUMN stream_settings TEXT');
      await db.run('ALTER TABLE lambda_event_source_mappings ADD COLUMN stream_checkpoint TEXT');
    },
  },
  {
    id: 10,
    name: 'concurrency claims',
    async up(db) {
      // Units of a concurrency limit (a function's reservation, an account's unreserved pool) that
      // one node may use; see concurrency-claims.ts. Written only with several nodes (PostgreSQL).
      await db.run(`CREATE TABLE lambda_concurrency_claims (
        scope TEXT NOT NULL,
        node TEXT NOT NULL,
        units INTEGER NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (scope, node)
      )`);
    },
  },
  {
    id: 11,
    name: 'stream mapping tumbling windows',
    async up(db) {
      // The open tumbling window of a stream mapping, {startS, state} as JSON, saved with the
      // checkpoint; NULL when there is none.
      await db.run('ALTER TABLE lambda_event_source_mappings ADD COLUMN stream_window TEXT');
    },
  },
];
