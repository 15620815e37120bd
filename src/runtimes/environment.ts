/**
 * One execution environment: an OS process (no container) running a runtime for one function
 * version, with its own Runtime API on loopback, working directory and environment. It serves one
 * invocation at a time and is reused while warm. A timeout, a memory overrun or a runtime that
 * exits ends the environment, with the error Lambda gives for it; the platform is unaffected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PeakMemory } from './peak-memory.js';
import { SystemClock, type Clock } from '../core/clock.js';
import { RuntimeApi, SOCKET_VARIABLE, type InvocationResult } from './runtime-api.js';
import { CapturedOutput, lineSplitter } from './output.js';
import { killGroup, OWN_GROUP } from './process-group.js';
import { Prewarmer } from './prewarm.js';
import { runtimeCommand } from './runtimes.js';

export interface EnvironmentSpec {
  runtime: string;
  handler: string;
  /** The unpacked code: LAMBDA_TASK_ROOT and the working directory. */
  codeDirectory: string;
  /** The function's merged layers, which stand in for Lambda's /opt; absent without layers. */
  optDirectory?: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Lambda's own variables plus the function's. */
  variables: Record<string, string>;
  /** Times the invocation timeout (injected so that tests need not wait it out). */
  clock?: Clock;
  /** Where this environment's log goes (Lambda: one log stream per environment). */
  logStream?: string;
}

export interface InvokeRequest {
  requestId: string;
  payload: Buffer;
  invokedFunctionArn: string;
  clientContext?: string;
}

export interface InvokeOutcome {
  result: InvocationResult;
  durationMs: number;
  /** Set on the first invocation of the environment: the init phase's duration. */
  initDurationMs: number | undefined;
  maxMemoryUsedMb: number;
  /** Whether the environment ended with this invocation (timeout, memory, exit). */
  ended: boolean;
  /** What the runtime printed during the invocation, line by line. */
  lines: string[];
}

/** How often a running invocation's memory is checked against the function's memory size. */
const MEMORY_POLL_MS = 50;
/** A REPORT line may show a peak read this long ago: warm invocations come faster than that. */
const REPORTED_MEMORY_MAX_AGE_MS = 100;
const SYSTEM_CLOCK = new SystemClock();

function fault(errorType: string, requestId: string, message: string): InvocationResult {
  const errorMessage = `RequestId: ${requestId} Error: ${message}`;
  return { kind: 'error', errorType, payload: Buffer.from(JSON.stringify({ errorType, errorMessage })) };
}

/**
 * The dynamic loader reads LD_LIBRARY_PATH only when a process starts, so a function with shared
 * libraries (`*.so`) in a `lib` folder, its own or a layer's, cannot use a pre-started process.
 */
function shipsLibraries(spec: EnvironmentSpec): boolean {
  const folders = [spec.codeDirectory, ...(spec.optDirectory === undefined ? [] : [spec.optDirectory])];
  return folders.some((folder) => {
    const lib = join(folder, 'lib');
    return existsSync(lib) && readdirSync(lib).some((name) => /\.so(\.|$)/.test(name));
  });
}

function spawnRuntime(spec: EnvironmentSpec, variables: Record<string, string>): ChildProcess {
  const { command, args } = runtimeCommand(spec);
  return spawn(command, args, {
    cwd: spec.codeDirectory,
    env: variables,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...OWN_GROUP,
  });
}

export class ExecutionEnvironment {
  readonly id = randomUUID();
  private initStartedAt = performance.now();
  private initReported = false;
  private exitCode: number | null | undefined;
  private initError: InvocationResult | undefined;
  private initFailed: () => void = () => undefined;
  /** Resolves when the runtime reports that its init failed (it may not exit at once). */
  private readonly initFailure = new Promise<void>((resolve) => (this.initFailed = resolve));
  private busy = false;
  private killed = false;
  /** Lines printed during the invocation in flight. */
  private captured: CapturedOutput | undefined;
  /** Epoch ms of the last invocation's end, for reaping idle environments. */
  lastUsed = Date.now();

  private constructor(
    private readonly spec: EnvironmentSpec,
    private readonly api: RuntimeApi,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    readonly onOutput: (listener: (line: string) => void) => void,
    private readonly memory = new PeakMemory(child.pid),
  ) {}

  /** Starts an environment, on a pre-started process when `prewarmer` has one of its kind. */
  static async start(spec: EnvironmentSpec, prewarmer?: Prewarmer): Promise<ExecutionEnvironment> {
    const api = await RuntimeApi.start();
    const variables: Record<string, string> = { ...spec.variables, AWS_LAMBDA_RUNTIME_API: api.address };
    if (api.socketPath !== undefined) variables[SOCKET_VARIABLE] = api.socketPath;
    const prewarmed = shipsLibraries(spec) ? undefined : prewarmer?.take(spec);
    if (prewarmed) Prewarmer.assign(prewarmed, variables, spec.codeDirectory);
    const child = prewarmed ?? spawnRuntime(spec, variables);
    child.ref();
    const listeners: Array<(line: string) => void> = [];
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on(
        'data',
        lineSplitter((line) => listeners.forEach((listener) => listener(line))),
      );
    }
    // A command that cannot start (a missing `bootstrap`) emits 'error' and never 'exit'.
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    const environment = new ExecutionEnvironment(spec, api, child, exited, (listener) =>
      listeners.push(listener),
    );
    listeners.push((line) => environment.captured?.add(line));
    child.once('exit', (code) => (environment.exitCode = code));
    child.once('error', () => (environment.exitCode = -1));
    api.onInitError((error) => {
      environment.initError = { kind: 'error', ...error };
      environment.initFailed();
    });
    return environment;
  }

  get alive(): boolean {
    return this.exitCode === undefined && !this.killed;
  }

  get idle(): boolean {
    return this.alive && !this.busy;
  }

  get logStream(): string | undefined {
    return this.spec.logStream;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Runs the init phase ahead of any invocation, as provisioned concurrency does: resolves with
   * nothing once the runtime asks for its first event, or with the error that ended the init
   * (the runtime's own init error, its exit, or the end of `limitMs`, which kills it). Lambda
   * reports no Init Duration for an environment initialised ahead, so its first invocation reports
   * none either.
   */
  async initialise(limitMs: number): Promise<InvocationResult | undefined> {
    let timedOut = false;
    const timer = (this.spec.clock ?? SYSTEM_CLOCK).setTimer(limitMs, () => {
      timedOut = true;
      this.kill();
    });
    await Promise.race([this.api.ready, this.exited, this.initFailure]);
    timer.cancel();
    this.initReported = true;
    if (timedOut) {
      const seconds = (limitMs / 1000).toFixed(2);
      return fault('Sandbox.Timedout', 'init', `Init phase timed out after ${seconds} seconds`);
    }
    if (this.alive && !this.initError && this.api.readyAt !== undefined) return undefined;
    if (this.initError) return this.initError;
    const status = this.exitCode === null ? 'signal: killed' : `exit status ${this.exitCode}`;
    return fault('Runtime.ExitError', 'init', `Runtime exited with error: ${status}`);
  }

  /** Reserved for one invocation (by the pool, before it is handed out). */
  markBusy(): void {
    this.busy = true;
  }

  markIdle(now: number): void {
    this.busy = false;
    this.lastUsed = now;
  }

  /** Runs one invocation; the pool, not this, marks the environment busy until its lease ends. */
  async invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    const started = performance.now();
    const deadlineMs = Date.now() + this.spec.timeoutSeconds * 1000;
    this.captured = new CapturedOutput();
    const result = await this.race(request, deadlineMs);
    // Lambda's Duration is the handler's time; a cold start's init is reported apart.
    const durationMs = performance.now() - Math.max(started, this.api.deliveredAt ?? started);
    // The runtime prints before it posts its answer; output already in the pipe is read in this
    // turn of the event loop, so one setImmediate later it has all been captured.
    await new Promise((resolve) => setImmediate(resolve));
    const lines = this.captured?.lines;
    this.captured = undefined;
    const initDurationMs = this.initReported ? undefined : (this.api.readyAt ?? started) - this.initStartedAt;
    this.initReported = true;
    return {
      result,
      durationMs,
      initDurationMs,
      maxMemoryUsedMb: Math.ceil(this.memory.read(REPORTED_MEMORY_MAX_AGE_MS)),
      ended: !this.alive,
      lines: lines ?? [],
    };
  }

  /** The runtime's answer, or the fault that ended the environment first. */
  private race(request: InvokeRequest, deadlineMs: number): Promise<InvocationResult> {
    const { requestId } = request;
    return new Promise<InvocationResult>((resolve) => {
      let settled = false;
      const finish = (result: InvocationResult, kill: boolean) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        clearInterval(memoryCheck);
        this.api.abandon(requestId);
        if (kill) this.kill();
        resolve(result);
      };
      const timer = (this.spec.clock ?? SYSTEM_CLOCK).setTimer(deadlineMs - Date.now(), () => {
        const seconds = this.spec.timeoutSeconds.toFixed(2);
        finish(fault('Sandbox.Timedout', requestId, `Task timed out after ${seconds} seconds`), true);
      });
      const memoryCheck = setInterval(() => {
        if (this.memory.read() <= this.spec.memoryMb) return;
        finish(fault('Runtime.OutOfMemory', requestId, 'Runtime exited with error: signal: killed'), true);
      }, MEMORY_POLL_MS);
      void this.exited.then(() => {
        if (this.initError) return finish(this.initError, false);
        const status = this.exitCode === null ? 'signal: killed' : `exit status ${this.exitCode}`;
        finish(fault('Runtime.ExitError', requestId, `Runtime exited with error: ${status}`), false);
      });
      this.api
        .invoke({
          requestId,
          payload: request.payload,
          deadlineMs,
          invokedFunctionArn: request.invokedFunctionArn,
          clientContext: request.clientContext,
        })
        .then(
          (result) => finish(result, false),
          () => undefined,
        );
    });
  }

  kill(): void {
    if (!this.alive) return;
    this.killed = true;
    killGroup(this.child);
  }

  async close(): Promise<void> {
    this.kill();
    await this.exited;
    await this.api.close();
  }
}
