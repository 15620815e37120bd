import { randomUUID } from 'node:crypto';
import { isBlobId, md5Hex } from '../blob-util.js';
import type { BlobRef, BlobStore, Database } from '../types.js';

/** Blobs in the `nubis_blobs` table, so that every node sharing the database sees them. */
export class TableBlobStore implements BlobStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  async put(body: Buffer): Promise<BlobRef> {
    const ref = { id: randomUUID(), size: body.length, md5: md5Hex(body) };
    await this.db.run(
      `INSERT INTO nubis_blobs (id, size, md5, body, created_at) VALUES (:id, :size, :md5, :body, :now)`,
      { ...ref, body, now: this.now() },
    );
    return ref;
  }

  async get(id: string, range?: { start: number; end: number }): Promise<Buffer | undefined> {
    if (!isBlobId(id)) return undefined;
    if (!range) {
      const row = await this.db.one<{ body: Buffer }>('SELECT body FROM nubis_blobs WHERE id = :id', { id });
      return row?.body;
    }
    // substring on bytea counts from 1, clamps at the end, and only the requested bytes leave the server.
    const start = Math.max(0, range.start);
    const row = await this.db.one<{ part: Buffer }>(
      'SELECT substring(body FROM :from FOR :count) AS part FROM nubis_blobs WHERE id = :id',
      { id, from: start + 1, count: Math.max(0, range.end - start) },
    );
    return row?.part;
  }

  async delete(id: string): Promise<void> {
    if (!isBlobId(id)) return;
    await this.db.run('DELETE FROM nubis_blobs WHERE id = :id', { id });
  }
}
