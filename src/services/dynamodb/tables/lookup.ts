// Finding a table by name for a request. Item operations look their table up on every call, so
// rows are kept for a moment per process; this process's own changes replace them at once, other
// nodes drop theirs when they hear of the change on TABLES_CHANNEL, and an entry never outlives
// CACHE_MS (so a change announced to no one is still seen within it).
import type { Database, Notifier } from '../../../storage/types.js';
import { findTableRow, type Scope, type TableRow } from './store.js';
import { tableAt } from './lifecycle.js';
import type { Table } from './types.js';

export const CACHE_MS = 1000;
export const TABLES_CHANNEL = 'dynamodb:tables';
const MAX_CACHED = 10_000;

/** A settled table is kept parsed: item operations then share one definition and its schema. */
const cache = new Map<string, { row: TableRow | undefined; until: number; settled?: Table }>();

function cacheKey(scope: Scope, name: string): string {
  return `${scope.accountId}\0${scope.region}\0${name}`;
}

/**
 * `cached` reads through the cache; `fresh` reads the database; `locked` also locks the row until
 * the transaction `db` commits (for read-modify-write of the table's state).
 */
export type TableRead = 'cached' | 'fresh' | 'locked';

export async function findTable(
  db: Database,
  scope: Scope,
  name: string,
  now: number,
  read: TableRead = 'cached',
): Promise<Table | undefined> {
  const key = cacheKey(scope, name);
  const hit = read === 'cached' ? cache.get(key) : undefined;
  if (hit && hit.until > now) {
    if (!hit.row) return undefined;
    if (hit.settled) return hit.settled;
    const table = tableAt(hit.row, now);
    if (now >= hit.row.settles_at) hit.settled = table;
    return table;
  }
  const row = await findTableRow(db, scope, name, read === 'locked');
  remember(key, row, now);
  return row && tableAt(row, now);
}

function remember(key: string, row: TableRow | undefined, now: number): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, { row, until: now + CACHE_MS });
}

function forgetKey(key: string): void {
  cache.delete(key);
}

/**
 * A change made here: this node's next lookup reads the database, and the other nodes are told to
 * drop the table's entry. An announcement that cannot be sent is logged, not made the failure of
 * the change (CACHE_MS bounds what it costs).
 */
export async function tableChanged(
  ctx: Scope & { storage: { notifier: Notifier } },
  name: string,
): Promise<void> {
  const key = cacheKey(ctx, name);
  forgetKey(key);
  await ctx.storage.notifier
    .notify(TABLES_CHANNEL, key)
    .catch((error: unknown) => console.error('[nubis] dynamodb: announcing a table change failed:', error));
}

/** Drops the entries other nodes announce changes of; answers the unsubscribe. */
export function listenForTableChanges(notifier: Notifier): () => void {
  return notifier.subscribe(TABLES_CHANNEL, (key) => {
    if (key !== undefined) forgetKey(key);
  });
}
