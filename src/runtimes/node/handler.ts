/**
 * Finds and loads a function's handler as Lambda's Node.js runtime does: `_HANDLER` is
 * `path/to/module.export[.nested]`, the module is `<LAMBDA_TASK_ROOT>/path/to/module` with `.js`,
 * `.mjs` or `.cjs` (CommonJS or ES module, as Node decides from the extension and package.json),
 * and the handler is the named (possibly nested) export.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export class RuntimeError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly trace: string[] = [],
  ) {
    super(message);
  }
}

export type Handler = (
  event: unknown,
  context: unknown,
  callback?: (error?: unknown, result?: unknown) => void,
) => unknown;

const EXTENSIONS = ['.js', '.mjs', '.cjs'];

export function parseHandler(handler: string): {
  directory: string;
  moduleName: string;
  exportPath: string[];
} {
  const slash = handler.lastIndexOf('/');
  const directory = slash === -1 ? '' : handler.slice(0, slash);
  const [moduleName, ...exportPath] = handler.slice(slash + 1).split('.');
  if (!moduleName || exportPath.length === 0 || exportPath.some((part) => part === '')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  }
  return { directory, moduleName, exportPath };
}

function moduleFile(taskRoot: string, directory: string, moduleName: string): string {
  const base = join(taskRoot, directory, moduleName);
  const file = EXTENSIONS.map((extension) => base + extension).find((candidate) => existsSync(candidate));
  if (!file) {
    throw new RuntimeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${join(taskRoot, directory)}`,
    );
  }
  return file;
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const err = error as Error;
    if (err instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`, stackOf(err));
    }
    throw new RuntimeError('Runtime.ImportModuleError', `${err.name}: ${err.message}`, stackOf(err));
  }
}

function lookup(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], root);
}

export async function loadHandler(taskRoot: string, handler: string): Promise<Handler> {
  const { directory, moduleName, exportPath } = parseHandler(handler);
  const namespace = await importModule(moduleFile(taskRoot, directory, moduleName));
  // An ES module exports by name; a CommonJS module's `module.exports` is the default export.
  const found = lookup(namespace, exportPath) ?? lookup(namespace['default'], exportPath);
  if (typeof found !== 'function') {
    throw new RuntimeError(
      'Runtime.HandlerNotFound',
      `${moduleName}.${exportPath.join('.')} is undefined or not exported`,
    );
  }
  return found as Handler;
}

export function stackOf(error: unknown): string[] {
  return error instanceof Error && error.stack ? error.stack.split('\n') : [];
}
