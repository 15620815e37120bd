// Each node unpacks a function's or layer's package from the BlobStore into a local directory
// named by the package's SHA-256, once: the directory is immutable, shared by every environment
// of that code, and written under a temporary name then renamed, so a crash leaves no half package.
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../../storage/types.js';
import { unpackZip } from '../../runtimes/code.js';
import { linkRuntimePackages } from '../../runtimes/node/runtime-packages.js';
import type { Unpacking } from './package.js';

const building = new Map<string, Promise<string>>();

function directoryName(codeSha256: string): string {
  return Buffer.from(codeSha256, 'base64').toString('hex');
}

/**
 * Makes the immutable directory `target` once on this node: `build` fills a temporary directory,
 * which is then renamed to `target`. Concurrent callers share one build.
 */
export function buildOnce(target: string, build: (temporary: string) => Promise<void>): Promise<string> {
  if (existsSync(target)) return Promise.resolve(target);
  let pending = building.get(target);
  if (!pending) {
    pending = buildAndRename(target, build).finally(() => building.delete(target));
    building.set(target, pending);
  }
  return pending;
}

async function buildAndRename(target: string, build: (temporary: string) => Promise<void>): Promise<string> {
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    await build(temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // Another process of this node may have renamed its copy first.
    if (!existsSync(target)) throw error;
  }
  return target;
}

function codePath(dataDir: string, codeSha256: string): string {
  return join(dataDir, 'lambda', 'code', directoryName(codeSha256));
}

/**
 * A function's package, unpacked to be checked when it is uploaded, becomes its code directory
 * on this node (if it has none yet), so that the first invoke does not unpack it again.
 */
export function keptAsCodeDirectory(dataDir: string): Unpacking {
  return async (sha256, unpack) => {
    const target = codePath(dataDir, sha256);
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      const size = await unpack(temporary);
      // Renaming onto a directory of the same package (made meanwhile) fails: that one stays.
      await rename(temporary, target).catch(() => rm(temporary, { recursive: true, force: true }));
      return size;
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
  };
}

/** Every unpacked package (code and layers) sits below `lambda/`, whose node_modules has the SDK. */
export async function codeDirectory(
  dataDir: string,
  blobs: BlobStore,
  code: { blobId: string; sha256: string },
): Promise<string> {
  await linkRuntimePackages(join(dataDir, 'lambda', 'node_modules'));
  return buildOnce(codePath(dataDir, code.sha256), async (temporary) => {
    const zip = await blobs.get(code.blobId);
    if (!zip) throw new Error(`deployment package ${code.blobId} is missing from the blob store`);
    await unpackZip(zip, temporary);
  });
}
