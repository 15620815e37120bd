/**
 * Module resolution inside a Node.js function, as on Lambda: packages of the layers (NODE_PATH)
 * for `require` and `import`, and `/opt/...` paths mapped to the layers directory. The ES module
 * hooks run on a loader thread (about 10 MB and tens of milliseconds to start), so they are
 * registered only for a function with layers; the AWS SDK resolves without them
 * (runtime-packages.ts).
 */
import Module, { register } from 'node:module';
import { optPath, resolutionConfig, type ResolutionConfig } from './module-paths.js';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/** The parts of CommonJS's loader that NODE_PATH and `require` resolution go through. */
interface CommonJsInternals {
  _initPaths(): void;
  _resolveFilename: ResolveFilename;
}

const commonJs = Module as unknown as CommonJsInternals;

function configureCommonJs(config: ResolutionConfig): void {
  // NODE_PATH is read when Node.js starts; a pre-started process received it later.
  commonJs._initPaths();
  if (config.optDirectory === undefined) return;
  const resolveFilename = commonJs._resolveFilename;
  commonJs._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    return resolveFilename.call(
      this,
      optPath(request, config.optDirectory) ?? request,
      parent,
      isMain,
      options,
    );
  };
}

/** Once the environment knows its function (its variables are in `env`). */
export function configureModuleResolution(env: NodeJS.ProcessEnv): void {
  const config = resolutionConfig(env);
  configureCommonJs(config);
  if (config.optDirectory !== undefined)
    register('./resolve-hooks.js', { parentURL: import.meta.url, data: config });
}
