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

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'functions',
    async up(db) {
      await db.run(FUNCTIONS);
    },
  },
];
