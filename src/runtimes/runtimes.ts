/**
 * The runtimes an environment can run, and the command that starts each on this machine:
 * Node.js runtimes on the machine's Node.js, Python runtimes on the python3 first on PATH, and `provided.*`
 * with the function's own `bootstrap` executable.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const NODE_BOOTSTRAP = fileURLToPath(new URL('./node/bootstrap.js', import.meta.url));
/** Not compiled: read from the source tree (dist/src/runtimes → src/runtimes). */
const PYTHON_BOOTSTRAP = fileURLToPath(new URL('../../../src/runtimes/python/bootstrap.py', import.meta.url));

export const NODE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'];
export const PYTHON_RUNTIMES = ['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13'];
export const PROVIDED_RUNTIMES = ['provided', 'provided.al2', 'provided.al2023'];

/**
 * The interpreter behind `python3`, resolved once in the background: a `python3` on PATH may be a
 * version manager's shim (pyenv's runs several shell processes per start), which would add tens of
 * milliseconds to every Python cold start. Until resolved, environments start through `python3`.
 */
let python = 'python3';
execFile('python3', ['-c', 'import sys; print(sys.executable)'], (error, stdout) => {
  const resolved = stdout.trim();
  if (!error && resolved !== '' && existsSync(resolved)) python = resolved;
}).unref();

/**
 * V8's garbage collector works on helper threads by default. An environment's heap is small and
 * Lambda gives a function a fraction of a core, so those threads only add wake-ups: with 50 warm
 * environments on two cores, collecting on the main thread took warm throughput from ~1,420 to
 * ~1,840 invokes/s (npm run bench -- lambda).
 */
const SINGLE_THREADED_GC = '--single-threaded-gc';

/** V8's heap is capped below the function's memory so that a runaway allocation fails inside it. */
function heapLimitMb(memoryMb: number): number {
  return Math.max(16, Math.floor(memoryMb * 0.85));
}

/** As on Lambda, a custom runtime's `bootstrap` comes from the function's code, else from its layers (/opt). */
function customBootstrap(codeDirectory: string, optDirectory: string | undefined): string {
  const own = join(codeDirectory, 'bootstrap');
  return optDirectory === undefined || existsSync(own) ? own : join(optDirectory, 'bootstrap');
}

export function runtimeCommand(spec: {
  runtime: string;
  memoryMb: number;
  codeDirectory: string;
  optDirectory?: string;
}): {
  command: string;
  args: string[];
} {
  if (NODE_RUNTIMES.includes(spec.runtime)) {
    return {
      command: process.execPath,
      args: [`--max-old-space-size=${heapLimitMb(spec.memoryMb)}`, SINGLE_THREADED_GC, NODE_BOOTSTRAP],
    };
  }
  // -u: unbuffered output, so that print() lines reach the log as they are written.
  if (PYTHON_RUNTIMES.includes(spec.runtime)) return { command: python, args: ['-u', PYTHON_BOOTSTRAP] };
  if (PROVIDED_RUNTIMES.includes(spec.runtime))
    return { command: customBootstrap(spec.codeDirectory, spec.optDirectory), args: [] };
  throw new Error(`unsupported runtime ${spec.runtime}`);
}
