// When an item expires by its table's time to live: the TTL attribute's number of epoch seconds
// (AWS docs, "Time to Live: how it works"; other types never expire an item). Kept in the item's
// row (`expires_at`, indexed) so that the sweep finds expired items without reading the table.
import type { Item } from '../attribute-value.js';
import type { Table } from '../tables/types.js';

export function expiryOf(item: Item, attribute: string): number | null {
  const value = item[attribute];
  if (!value || !('N' in value)) return null;
  const seconds = Number(value.N);
  return Number.isFinite(seconds) ? seconds : null;
}

/** The expiry to store with an item of `table`: none while the table's TTL is off. */
export function storedExpiry(table: Table, item: Item): number | null {
  return table.ttl?.Enabled ? expiryOf(item, table.ttl.AttributeName) : null;
}
