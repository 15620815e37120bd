import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { clampRange, isBlobId, md5Hex } from '../blob-util.js';
import type { BlobRef, BlobStore } from '../types.js';

/**
 * Blobs as files under `<dataDir>/blobs/<first two hex digits>/<id>`. A blob is written to a temporary
 * name, fsynced and renamed, so a reader (or a restart after a crash) sees all of it or none of it.
 */
export class FileBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  async put(body: Buffer): Promise<BlobRef> {
    const id = randomUUID();
    const dir = join(this.root, id.slice(0, 2));
    const tmp = join(this.tmpDir, `${id}.tmp`);
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(dir, { recursive: true });
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(body);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, join(dir, id));
    await syncDirectory(dir); // make the rename itself durable
    return { id, size: body.length, md5: md5Hex(body) };
  }

  async get(id: string, range?: { start: number; end: number }): Promise<Buffer | undefined> {
    if (!isBlobId(id)) return undefined;
    let file: FileHandle;
    try {
      file = await open(this.path(id), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await file.stat();
      const { start, end } = clampRange(size, range);
      const buffer = Buffer.alloc(end - start);
      let read = 0;
      while (read < buffer.length) {
        const { bytesRead } = await file.read(buffer, read, buffer.length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return buffer.subarray(0, read);
    } finally {
      await file.close();
    }
  }

  async delete(id: string): Promise<void> {
    if (!isBlobId(id)) return;
    await unlink(this.path(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private path(id: string): string {
    return join(this.root, id.slice(0, 2), id);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
