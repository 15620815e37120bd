/**
 * Module resolution inside a Node.js function, as on Lambda: packages of the layers (NODE_PATH) and
 * the runtime's AWS SDK, for `require` and `import`, and `/opt/...` paths mapped to the layers
 * directory. `startModuleResolution` registers the ES module hooks, whose loader thread takes tens
 * of milliseconds to start, so a pre-started process does it before it knows its function; the
 * returned function then hands the hooks, and CommonJS, the function's NODE_PATH and layers.
 */
import Module, { register } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { isRuntimePackage, optPath, resolutionConfig, type ResolutionConfig } from './module-paths.js';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/** The parts of CommonJS's loader that NODE_PATH and `require` resolution go through. */
interface CommonJsInternals {
  _initPaths(): void;
  _resolveFilename: ResolveFilename;
  _nodeModulePaths(directory: string): string[];
}

const commonJs = Module as unknown as CommonJsInternals;

/** A module at this file's place, from which `require` finds Nubis's own packages (the AWS SDK). */
function runtimeParent(): Module {
  const file = fileURLToPath(import.meta.url);
  const parent = new Module(file);
  parent.filename = file;
  parent.paths = commonJs._nodeModulePaths(dirname(file));
  return parent;
}

function configureCommonJs(config: ResolutionConfig): void {
  // NODE_PATH is read when Node.js starts; a pre-started process received it later.
  commonJs._initPaths();
  const resolveFilename = commonJs._resolveFilename;
  const sdkParent = runtimeParent();
  commonJs._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    const opt = optPath(request, config.optDirectory);
    try {
      return resolveFilename.call(this, opt ?? request, parent, isMain, options);
    } catch (error) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND' || !isRuntimePackage(request)) throw error;
      return resolveFilename.call(this, request, sdkParent, false, options);
    }
  };
}

export function startModuleResolution(): (env: NodeJS.ProcessEnv) => void {
  const { port1, port2 } = new MessageChannel();
  register('./resolve-hooks.js', {
    parentURL: import.meta.url,
    data: { port: port2 },
    transferList: [port2],
  });
  port1.unref();
  return (env) => {
    const config = resolutionConfig(env);
    port1.postMessage(config);
    configureCommonJs(config);
  };
}
