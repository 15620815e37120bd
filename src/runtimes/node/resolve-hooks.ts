/**
 * ES module resolution hooks of the Node.js runtime (module.register: they run on Node's loader
 * thread). A specifier naming `/opt/...` goes to the layers directory; a bare specifier that the
 * function's own node_modules cannot satisfy is looked for in NODE_PATH's folders (the layers),
 * then, for the AWS SDK's packages, in Nubis's installation, as Lambda's runtime includes the SDK.
 * Everything else resolves as Node.js resolves it, at the cost of one failed lookup at most.
 */
import type { InitializeHook, ResolveHook } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import {
  isBareSpecifier,
  isRuntimePackage,
  nodePathFolder,
  optPath,
  parentInside,
  type ResolutionConfig,
} from './module-paths.js';

let config: Promise<ResolutionConfig>;

/** The function's configuration arrives on `port` once the environment knows its function. */
export const initialize: InitializeHook<{ port: MessagePort }> = ({ port }) => {
  config = new Promise((resolve) => port.once('message', resolve));
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const { nodePath, optDirectory } = await config;
  const opt = optPath(specifier, optDirectory);
  if (opt !== undefined) return nextResolve(pathToFileURL(opt).href, context);
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !isBareSpecifier(specifier))
      throw error;
    const folder = nodePathFolder(specifier, nodePath);
    if (folder !== undefined) return nextResolve(specifier, { ...context, parentURL: parentInside(folder) });
    if (isRuntimePackage(specifier))
      return nextResolve(specifier, { ...context, parentURL: import.meta.url });
    throw error;
  }
};
