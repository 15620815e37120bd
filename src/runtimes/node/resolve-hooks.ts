/**
 * ES module resolution hooks of the Node.js runtime for a function with layers (module.register:
 * they run on Node's loader thread). A specifier naming `/opt/...` goes to the layers directory; a
 * bare specifier that the function's own node_modules cannot satisfy is looked for in NODE_PATH's
 * folders (the layers), as Lambda's runtime does. Everything else resolves as Node.js resolves it,
 * at the cost of one failed lookup at most.
 */
import type { InitializeHook, ResolveHook } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  isBareSpecifier,
  nodePathFolder,
  optPath,
  parentInside,
  type ResolutionConfig,
} from './module-paths.js';

let config: ResolutionConfig = { nodePath: [], optDirectory: undefined };

export const initialize: InitializeHook<ResolutionConfig> = (data) => {
  config = data;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const { nodePath, optDirectory } = config;
  const opt = optPath(specifier, optDirectory);
  if (opt !== undefined) return nextResolve(pathToFileURL(opt).href, context);
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !isBareSpecifier(specifier))
      throw error;
    const folder = nodePathFolder(specifier, nodePath);
    if (folder !== undefined) return nextResolve(specifier, { ...context, parentURL: parentInside(folder) });
    throw error;
  }
};
