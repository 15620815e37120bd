import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Blob ids are UUIDs we minted; anything else names no blob (and never a path outside the store). */
export function isBlobId(id: string): boolean {
  return UUID.test(id);
}

export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Clamps a half-open range to the blob's size; an empty or inverted range reads nothing. */
export function clampRange(
  size: number,
  range?: { start: number; end: number },
): { start: number; end: number } {
  if (!range) return { start: 0, end: size };
  const start = Math.min(Math.max(0, range.start), size);
  const end = Math.min(Math.max(start, range.end), size);
  return { start, end };
}
