/**
 * Pre-started, generic runtime processes. Starting Node.js or Python and loading the runtime is
 * most of a cold start; a process kept ready for a (runtime, memory) pair only has to receive its
 * function's variables and load the function's code. Each one taken is replaced a moment later, so
 * the next cold start of the same kind finds one too: not at once, because starting a process
 * blocks this one's event loop for several milliseconds (fork copies its page tables), which
 * would lengthen the very cold start that took the process. `provided.*` runtimes start the
 * function's own bootstrap and cannot be pre-started.
 */
import { SystemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { killGroup, OWN_GROUP } from './process-group.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { PROVIDED_RUNTIMES, runtimeCommand } from './runtimes.js';

export interface PrewarmSpec {
  runtime: string;
  memoryMb: number;
  codeDirectory: string;
}

export interface PrewarmerOptions {
  perKind?: number;
  /** How long after a take its replacement starts: past the cold start that took it. */
  refillDelayMs?: number;
  clock?: Clock;
}

const REFILL_DELAY_MS = 100;

export class Prewarmer {
  private readonly ready = new Map<string, ChildProcess[]>();
  private readonly refills = new Map<string, TimerHandle>();
  private readonly perKind: number;
  private readonly refillDelayMs: number;
  private readonly clock: Clock;
  private closed = false;

  constructor(options: PrewarmerOptions = {}) {
    this.perKind = options.perKind ?? 1;
    this.refillDelayMs = options.refillDelayMs ?? REFILL_DELAY_MS;
    this.clock = options.clock ?? new SystemClock();
  }

  /** A waiting process for this kind of environment, if one is ready; a replacement follows. */
  take(spec: PrewarmSpec): ChildProcess | undefined {
    if (this.closed || PROVIDED_RUNTIMES.includes(spec.runtime)) return undefined;
    const key = `${spec.runtime}/${spec.memoryMb}`;
    const waiting = (this.ready.get(key) ?? []).filter((child) => child.exitCode === null && !child.killed);
    const taken = waiting.shift();
    this.ready.set(key, waiting);
    if (!this.refills.has(key)) {
      const refill = () => {
        this.refills.delete(key);
        this.fill(key, spec);
      };
      this.refills.set(key, this.clock.setTimer(this.refillDelayMs, refill));
    }
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
    for (const refill of this.refills.values()) refill.cancel();
    this.refills.clear();
    for (const children of this.ready.values()) children.forEach(killGroup);
    this.ready.clear();
  }

  close(): void {
    this.closed = true;
    this.drain();
  }

  private fill(key: string, spec: PrewarmSpec): void {
    if (this.closed) return;
    const waiting = (this.ready.get(key) ?? []).filter((child) => child.exitCode === null && !child.killed);
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
