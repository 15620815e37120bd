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

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'functions',
    async up(db) {
      await db.run(FUNCTIONS);
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
];
