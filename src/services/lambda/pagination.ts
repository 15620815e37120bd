// List pages: at most 50 items, and markers opaque to clients (the last key of the page underneath).
import { MAX_PAGE } from './constants.js';
import { invalidParameterValue } from './errors.js';

export function toMarker(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName })).toString('base64url');
}

export function fromMarker(marker: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through: not one of ours
  }
  throw invalidParameterValue('Invalid Marker');
}

/** Pages of at most 50; MaxItems may ask for fewer. */
export function pageSize(maxItems: number | undefined): number {
  if (maxItems === undefined) return MAX_PAGE;
  if (maxItems < 1 || maxItems > 10_000) throw invalidParameterValue('MaxItems must be between 1 and 10000.');
  return Math.min(maxItems, MAX_PAGE);
}

/**
 * A page out of `rows` fetched with `limit + 1`: the extra row only tells that another page
 * follows, whose marker is the page's last key.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string,
): { page: T[]; nextMarker: string | undefined } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextMarker: rows.length > limit && last ? toMarker(keyOf(last)) : undefined };
}
