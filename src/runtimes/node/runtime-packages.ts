/**
 * The AWS SDK for JavaScript v3, which Lambda's Node.js runtimes include, is Nubis's own
 * installation's: its scopes are linked into one node_modules folder above every unpacked package
 * (functions' code and layers), where Node.js's own resolution finds them for `require` and
 * `import` alike, after the function's own node_modules (a bundled SDK wins, as on Lambda). No
 * loader hook is needed for it, so an environment without layers starts no loader thread.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, symlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SDK's packages and the ones it is built from: Lambda's runtime has them all. */
const RUNTIME_SCOPES = ['@aws-sdk', '@smithy', '@aws-crypto'];

/** The scope's folder in the nearest node_modules above this file, as Node.js would find it. */
function installedScope(scope: string): string | undefined {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', scope);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}

/** Points `nodeModules/<scope>` at the installation's scope, replacing an older link atomically. */
async function linkScope(nodeModules: string, scope: string): Promise<void> {
  const target = installedScope(scope);
  if (target === undefined) return;
  const temporary = join(nodeModules, `.${scope}.${randomUUID()}.tmp`);
  await symlink(target, temporary, 'dir');
  await rename(temporary, join(nodeModules, scope));
}

const linked = new Map<string, Promise<void>>();

/** Once per process and folder: links stay right after Nubis is moved or upgraded. */
export function linkRuntimePackages(nodeModules: string): Promise<void> {
  let pending = linked.get(nodeModules);
  if (!pending) {
    pending = mkdir(nodeModules, { recursive: true }).then(async () => {
      for (const scope of RUNTIME_SCOPES) await linkScope(nodeModules, scope);
    });
    linked.set(nodeModules, pending);
  }
  return pending;
}
