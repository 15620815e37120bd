// Each node unpacks a function's deployment package from the BlobStore into a local directory
// named by the package's SHA-256, once: the directory is immutable, shared by every environment
// of that code, and written under a temporary name then renamed, so a crash leaves no half package.
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../../storage/types.js';
import { unpackZip } from '../../runtimes/code.js';

const unpacking = new Map<string, Promise<string>>();

function directoryName(codeSha256: string): string {
  return Buffer.from(codeSha256, 'base64').toString('hex');
}

export function codeDirectory(
  dataDir: string,
  blobs: BlobStore,
  code: { blobId: string; sha256: string },
): Promise<string> {
  const target = join(dataDir, 'lambda', 'code', directoryName(code.sha256));
  if (existsSync(target)) return Promise.resolve(target);
  let pending = unpacking.get(target);
  if (!pending) {
    pending = unpackOnce(target, blobs, code.blobId).finally(() => unpacking.delete(target));
    unpacking.set(target, pending);
  }
  return pending;
}

async function unpackOnce(target: string, blobs: BlobStore, blobId: string): Promise<string> {
  const zip = await blobs.get(blobId);
  if (!zip) throw new Error(`deployment package ${blobId} is missing from the blob store`);
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    await unpackZip(zip, temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  return target;
}
