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

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'functions',
    async up(db) {
      await db.run(FUNCTIONS);
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
];
