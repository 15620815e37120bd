/**
 * Where a Node.js function's module specifiers lead besides its own node_modules, as on Lambda's
 * nodejs18.x+ runtimes: the layers (Lambda's /opt, here a merged directory per function's layers).
 * Shared by the CommonJS resolution (resolution.ts) and the ES module hooks (resolve-hooks.ts).
 * The AWS SDK needs neither (runtime-packages.ts).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const OPT = '/opt/';

export interface ResolutionConfig {
  /** NODE_PATH's folders, in order. */
  nodePath: string[];
  /** What stands in for /opt (NUBIS_OPT_DIR); undefined without layers. */
  optDirectory: string | undefined;
}

export function resolutionConfig(env: NodeJS.ProcessEnv): ResolutionConfig {
  return {
    nodePath: (env['NODE_PATH'] ?? '').split(':').filter((folder) => folder !== ''),
    optDirectory: env['NUBIS_OPT_DIR'],
  };
}

/** `/opt/x` or `file:///opt/x` as a path in the layers directory; undefined for anything else. */
export function optPath(specifier: string, optDirectory: string | undefined): string | undefined {
  if (optDirectory === undefined) return undefined;
  const path = specifier.startsWith(`file://${OPT}`) ? fileURLToPath(specifier) : specifier;
  return path.startsWith(OPT) ? join(optDirectory, path.slice(OPT.length)) : undefined;
}

/** A package name, possibly with a subpath: not relative, absolute, a URL (`node:`, `file:`) or `#import`. */
export function isBareSpecifier(specifier: string): boolean {
  return !/^(?:\.|\/|#|[a-zA-Z][a-zA-Z\d+.-]*:)/.test(specifier);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * The first NODE_PATH folder (a node_modules directory) holding the package a bare specifier
 * names. Node.js ignores NODE_PATH for ES modules; Lambda's runtime searches it for them too.
 */
export function nodePathFolder(specifier: string, nodePath: string[]): string | undefined {
  const name = packageName(specifier);
  return nodePath.find((folder) => basename(folder) === 'node_modules' && existsSync(join(folder, name)));
}

/** A parent URL from which ES module resolution looks into `folder` (a node_modules) first. */
export function parentInside(folder: string): string {
  return pathToFileURL(join(dirname(folder), 'index.js')).href;
}
