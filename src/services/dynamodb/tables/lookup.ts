// Finding a table by name for a request. Item operations look their table up on every call, so
// rows are kept for a moment per process; this process's own changes replace them at once, and
// another node's changes are seen within CACHE_MS.
import type { Database } from '../../../storage/types.js';
import { findTableRow, type Scope, type TableRow } from './store.js';
import { tableAt } from './lifecycle.js';
import type { Table } from './types.js';

export const CACHE_MS = 1000;
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

/** A change made here: the next lookup reads the database. */
export function forgetTable(scope: Scope, name: string): void {
  cache.delete(cacheKey(scope, name));
}
