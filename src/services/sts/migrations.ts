import type { Migration } from '../../storage/types.js';

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'temporary credentials',
    async up(db) {
      await db.run(`CREATE TABLE sts_sessions (
        access_key_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        secret_access_key TEXT NOT NULL,
        session_token TEXT NOT NULL,
        arn TEXT NOT NULL,
        user_id TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      )`);
    },
  },
];
