import type { Database } from '../../storage/types.js';

export interface SessionRow {
  access_key_id: string;
  account_id: string;
  secret_access_key: string;
  session_token: string;
  arn: string;
  user_id: string;
  expires_at: number;
  created_at: number;
}

export async function saveSession(db: Database, session: SessionRow): Promise<void> {
  await db.run(
    `INSERT INTO sts_sessions (access_key_id, account_id, secret_access_key, session_token, arn, user_id, expires_at, created_at)
     VALUES (:access_key_id, :account_id, :secret_access_key, :session_token, :arn, :user_id, :expires_at, :created_at)`,
    { ...session },
  );
}

export async function findSession(db: Database, accessKeyId: string): Promise<SessionRow | undefined> {
  return db.one<SessionRow>('SELECT * FROM sts_sessions WHERE access_key_id = :accessKeyId', { accessKeyId });
}

/** Expired sessions are dropped as new ones are issued, so the table stays small. */
export async function deleteExpiredSessions(db: Database, now: number): Promise<void> {
  await db.run('DELETE FROM sts_sessions WHERE expires_at < :now', { now });
}
