/**
 * Pre-started, generic runtime processes. Starting Node.js or Python and loading the runtime is
 * most of a cold start; a process kept ready for a (runtime, memory) pair only has to receive its
 * function's variables and load the function's code. Each one taken is replaced at once, so the
 * next cold start of the same kind finds one too. `provided.*` runtimes start the function's own
 * bootstrap and cannot be pre-started.
 */
import { killGroup, OWN_GROUP } from './process-group.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { PROVIDED_RUNTIMES, runtimeCommand } from './runtimes.js';

export interface PrewarmSpec {
  runtime: string;
  memoryMb: number;
  codeDirectory: string;
}

export class Prewarmer {
  private readonly ready = new Map<string, ChildProcess[]>();
  private closed = false;

  constructor(private readonly perKind = 1) {}

  /** A waiting process for this kind of environment, if one is ready; a replacement starts. */
  take(spec: PrewarmSpec): ChildProcess | undefined {
    if (this.closed || PROVIDED_RUNTIMES.includes(spec.runtime)) return undefined;
    const key = `${spec.runtime}/${spec.memoryMb}`;
    const waiting = (this.ready.get(key) ?? []).filter((child) => child.exitCode === null && !child.killed);
    const taken = waiting.shift();
    this.ready.set(key, waiting);
    this.fill(key, spec);
    return taken;
  }

  /** Hands a taken process its function: variables (with AWS_LAMBDA_RUNTIME_API) and directory. */
  static assign(child: ChildProcess, variables: Record<string, string>, cwd: string): void {
    child.stdin?.write(`${JSON.stringify({ variables, cwd })}\n`);
  }

  /** How many pre-started processes wait. */
  get waiting(): number {
    return [...this.ready.values()].reduce((sum, children) => sum + children.length, 0);
  }

  /** Ends the waiting processes; the next take starts afresh (scale to zero when all is idle). */
  drain(): void {
    for (const children of this.ready.values()) children.forEach(killGroup);
    this.ready.clear();
  }

  close(): void {
    this.closed = true;
    this.drain();
  }

  private fill(key: string, spec: PrewarmSpec): void {
    const waiting = this.ready.get(key) ?? [];
    while (waiting.length < this.perKind) {
      const { command, args } = runtimeCommand(spec);
      const child = spawn(command, args, {
        env: { PATH: process.env['PATH'] ?? '', NUBIS_PREWARMED: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
        ...OWN_GROUP,
      });
      child.on('error', () => undefined);
      child.unref();
      waiting.push(child);
    }
    this.ready.set(key, waiting);
  }
}
