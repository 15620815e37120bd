// What stands in for /opt. Lambda extracts a function's layers into /opt in order, later layers
// overwriting earlier files; Nubis's environments are plain processes that cannot mount /opt, so
// each node merges the unpacked layers (code-cache.ts) into one immutable directory per ordered
// list of layer packages, and the runtimes find it through their search paths (variables.ts).
import { createHash } from 'node:crypto';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '../../storage/types.js';
import { buildOnce, codeDirectory } from './code-cache.js';
import type { FunctionLayer } from './function-layers.js';

/** Undefined for a function without layers. */
export async function optDirectory(
  dataDir: string,
  blobs: BlobStore,
  layers: FunctionLayer[],
): Promise<string | undefined> {
  if (layers.length === 0) return undefined;
  const order = createHash('sha256')
    .update(layers.map((layer) => layer.sha256).join(','))
    .digest('hex');
  return buildOnce(join(dataDir, 'lambda', 'opt', order), async (temporary) => {
    const packages = await Promise.all(
      layers.map((layer) => codeDirectory(dataDir, blobs, { blobId: layer.blobId, sha256: layer.sha256 })),
    );
    await mkdir(temporary, { recursive: true });
    for (const unpacked of packages) await cp(unpacked, temporary, { recursive: true, force: true });
  });
}
