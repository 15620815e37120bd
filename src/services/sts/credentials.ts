import { createHash, randomBytes } from 'node:crypto';
import { issueTemporaryKey } from '../../core/accounts.js';
import type { RequestContext } from '../../core/service.js';
import { deleteExpiredSessions, saveSession } from './store.js';

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** Random text in the characters AWS uses for secret keys. */
function randomText(length: number): string {
  let text = '';
  while (text.length < length) text += randomBytes(length).toString('base64').replace(/[+/=]/g, '');
  return text.slice(0, length);
}

/** A stable `AROA…` id per role ARN, as AWS keeps one id per role. */
export function roleIdFor(roleArn: string): string {
  const digest = createHash('sha256')
    .update(roleArn)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '');
  return `AROA${digest.toUpperCase().slice(0, 17)}`;
}

/** Issues temporary credentials whose access key resolves to `accountId` in every later request. */
export async function issueCredentials(
  ctx: RequestContext,
  session: { accountId: string; arn: string; userId: string; durationSeconds: number },
): Promise<IssuedCredentials> {
  const now = ctx.clock.now();
  const expiresAt = now + session.durationSeconds * 1000;
  const credentials: IssuedCredentials = {
    AccessKeyId: issueTemporaryKey(session.accountId),
    SecretAccessKey: randomText(40),
    SessionToken: randomText(356),
    Expiration: new Date(expiresAt),
  };
  await deleteExpiredSessions(ctx.storage.db, now);
  await saveSession(ctx.storage.db, {
    access_key_id: credentials.AccessKeyId,
    account_id: session.accountId,
    secret_access_key: credentials.SecretAccessKey,
    session_token: credentials.SessionToken,
    arn: session.arn,
    user_id: session.userId,
    expires_at: expiresAt,
    created_at: now,
  });
  return credentials;
}
