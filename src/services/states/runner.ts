// A Standard execution is kept running by a job of this service (`states.run`, keyed by the
// execution), written with the execution's row before StartExecution answers. The job is a
// watchdog: each time it runs (every WATCH_MS) it makes sure some node runs the execution, by
// taking the execution's lease if nobody holds it; the node holding the lease runs the interpreter,
// renewing the lease. Before each state of the top level, and as a Wait there begins, the run saves
// where it is with the events recorded since (one transaction), so GetExecutionHistory shows it
// running. A node that dies lets its lease lapse, and the next watchdog run goes on from the last
// save on a live node: that state runs again (at least once), a Wait or a Retry interval only
// waits what is left of it. States inside a Map or Parallel are saved with their enclosing state.
// The job ends once the execution has. A run is of one attempt (redrive_count): StopExecution
// wakes its waits, and once the execution was stopped or redriven, the run of an earlier attempt
// saves nothing more and ends.
import {
  outcomeFields,
  runExecution,
  type Checkpoint,
  type Durability,
  type Host,
} from '../../asl/interpreter.js';
import { payloadDetails, type HistoryEvent } from '../../asl/history.js';
import type { ServiceEnvironment } from '../../core/service.js';
import type { TimerHandle } from '../../core/clock.js';
import type { Job, JobOutcome, Lease } from '../../storage/types.js';
import { parseArn } from './arns.js';
import { callbacksOf, executionChannel } from './callbacks.js';
import { taskPerformer } from './integrations.js';
import { jobsOf, stopWaitedChild } from './nested.js';
import { storedDefinition } from './definition.js';
import { deliver, destinationOf } from './execution-logs.js';
import { mapRunsOf } from './map-runs.js';
import { abortMapRuns } from './map-runs-store.js';
import { storedMocks } from './mocks.js';
import {
  endExecution,
  findExecution,
  findMachine,
  lastEventId,
  saveProgress,
  type ExecutionRow,
  type MachineRow,
} from './store.js';

export const RUN_JOB = 'states.run';

class Interrupted extends Error {}

/** Aborted as the node stops: its waiting executions give up their lease, for a live node to run again. */
let stopping = new AbortController();

export function stopRunners(): void {
  stopping.abort();
  stopping = new AbortController();
}

function hostOf(env: ServiceEnvironment, arn: string, stopped: () => Promise<boolean>): Host {
  const signal = stopping.signal;
  /** Resolves after `ms`, or when one of `channels` is notified; rejects as the node stops. A wait `cancelled` is left pending. */
  const wait = (ms: number, cancelled?: AbortSignal, channels: string[] = []) =>
    new Promise<void>((resolve, reject) => {
      // The node-wide signal outlives every wait: each wait takes its listener off as it ends.
      const end = () => {
        timer.cancel();
        for (const unsubscribe of unsubscribes) unsubscribe();
        signal.removeEventListener('abort', interrupt);
      };
      const interrupt = () => {
        end();
        reject(new Interrupted());
      };
      const done = () => {
        end();
        resolve();
      };
      const timer = env.clock.setTimer(ms, done);
      const unsubscribes = channels.map((channel) => env.storage.notifier.subscribe(channel, done));
      signal.addEventListener('abort', interrupt, { once: true });
      cancelled?.addEventListener('abort', end, { once: true });
    });
  const pause = async (ms: number, cancelled?: AbortSignal, channels?: string[]) => {
    await wait(ms, cancelled, channels);
    if (await stopped()) throw new Interrupted();
  };
  return {
    now: () => env.clock.now(),
    task: taskPerformer(env, arn),
    mockedTask: storedMocks(env, arn),
    waitScale: env.config.statesWaitScale ?? 1,
    callbacks: callbacksOf(env, arn, (ms, channel) => pause(ms, undefined, [channel])),
    jobs: jobsOf(env, arn, (ms, channels) => pause(ms, undefined, channels)),
    mapRuns: mapRunsOf(env),
    // Woken early (the execution was stopped) but still to run: the rest of the wait is waited.
    async sleep(ms, cancelled) {
      const until = env.clock.now() + ms;
      do await pause(until - env.clock.now(), cancelled, [executionChannel(arn)]);
      while (env.clock.now() < until);
    },
  };
}

const WATCH_MS = 10_000;
const LEASE_MS = 30_000;

/** The executions this node runs, by ARN. */
const running = new Map<string, Promise<void>>();

export function runHandler(env: ServiceEnvironment) {
  return async (job: Job): Promise<JobOutcome> => {
    const arn = job.payload as string;
    const execution = await findExecution(env.storage.db, arn);
    if (!execution || execution.status !== 'RUNNING') return undefined;
    if (!running.has(arn)) {
      const lease = await env.storage.leases.tryAcquire(`states:${arn}`, LEASE_MS);
      if (lease) {
        const run = runHolding(env, execution, lease)
          .catch((error: unknown) => console.error(`[nubis] states: execution ${arn} failed to run:`, error))
          .finally(() => running.delete(arn));
        running.set(arn, run);
      }
    }
    return { rescheduleAt: env.clock.now() + WATCH_MS };
  };
}

/** Runs the execution while holding its lease, renewed every third of its life. */
async function runHolding(env: ServiceEnvironment, execution: ExecutionRow, lease: Lease): Promise<void> {
  let renewal: TimerHandle | undefined;
  const renew = () => {
    renewal = env.clock.setTimer(LEASE_MS / 3, () => {
      void lease.renew(LEASE_MS).then(renew, renew);
    });
  };
  renew();
  try {
    await runToEnd(env, execution);
  } finally {
    renewal?.cancel();
    await lease.release();
  }
}

/**
 * What StartExecution writes with the execution: its ExecutionStarted event, and a checkpoint at
 * the machine's first state, which every run of it then goes on from.
 */
export function startOf(execution: ExecutionRow): { checkpoint: string; started: HistoryEvent } {
  const input: unknown = JSON.parse(execution.input);
  // The definition was checked when the machine was made: only its StartAt is wanted here.
  const { StartAt } = JSON.parse(execution.definition) as { StartAt: string };
  const checkpoint: Checkpoint = {
    state: StartAt,
    input,
    variables: {},
    events: 1,
  };
  const started = {
    id: 1,
    previousEventId: 0,
    timestamp: execution.started_at,
    type: 'ExecutionStarted',
    executionStartedEventDetails: {
      ...payloadDetails('input', input),
      roleArn: execution.role_arn,
      // Started through an alias or a version: the event names them (ExecutionStartedEventDetails).
      ...(execution.alias_arn && { stateMachineAliasArn: execution.alias_arn }),
      ...(execution.version_arn && { stateMachineVersionArn: execution.version_arn }),
    },
  };
  return { checkpoint: JSON.stringify(checkpoint), started };
}

type Logger = (events: HistoryEvent[]) => void;

function durability(env: ServiceEnvironment, execution: ExecutionRow, log: Logger): Durability {
  const attempt = execution.redrive_count ?? 0;
  return {
    ...(execution.checkpoint && { resume: JSON.parse(execution.checkpoint) as Checkpoint }),
    async save(point, events) {
      // Stopped through the API (or redriven since) meanwhile: the run ends here.
      if (!(await saveProgress(env.storage.db, execution.arn, JSON.stringify(point), events, attempt)))
        throw new Interrupted();
      log(events);
    },
  };
}

/** Delivers saved events to CloudWatch Logs, if the execution's machine logs (execution-logs.ts). */
export async function loggerOf(
  env: ServiceEnvironment,
  execution: ExecutionRow,
  known?: MachineRow,
): Promise<Logger> {
  const machine = known ?? (await findMachine(env.storage.db, execution.machine_arn));
  const destination = machine && destinationOf(machine.logging);
  if (!destination) return () => undefined;
  const logged = { arn: execution.arn, machineName: machine.name, startedAt: execution.started_at };
  return (events) => void deliver(env, destination, logged, events);
}

const isProgrammingFault = (error: unknown) =>
  error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;

/** The end of an execution whose run hit a fault: ExecutionFailed with States.Runtime after what was saved. */
async function faultedRun(env: ServiceEnvironment, arn: string, error: Error) {
  const id = (await lastEventId(env.storage.db, arn)) + 1;
  const outcome = {
    status: 'FAILED' as const,
    error: 'States.Runtime',
    cause: `Nubis could not run the execution: ${error.message}`,
  };
  const failed: HistoryEvent = {
    id,
    previousEventId: id - 1,
    timestamp: env.clock.now(),
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error: outcome.error, cause: outcome.cause },
  };
  return { outcome, history: [failed] };
}

async function runToEnd(env: ServiceEnvironment, execution: ExecutionRow): Promise<void> {
  const arn = execution.arn;
  const { name: machineName, execution: name } = parseArn(arn, 'execution');
  const attempt = execution.redrive_count ?? 0;
  const stopped = async () => {
    const now = await findExecution(env.storage.db, arn);
    return now?.status !== 'RUNNING' || now.redrive_count !== attempt;
  };
  const log = await loggerOf(env, execution);
  // Nothing else runs this execution now (this node holds its lease): a Map Run still RUNNING was
  // left by a run interrupted, and the state that started it runs again, as a new Map Run.
  await abortMapRuns(env.storage.db, arn, env.clock.now());
  let result;
  try {
    result = await runExecution(
      storedDefinition(execution.definition),
      JSON.parse(execution.input),
      {
        executionArn: arn,
        name: name!,
        roleArn: execution.role_arn,
        stateMachineArn: execution.machine_arn,
        stateMachineName: machineName,
        startTime: execution.started_at,
        redriveCount: attempt,
        ...(execution.redriven_at != null && { redriveTime: execution.redriven_at }),
      },
      hostOf(env, arn, stopped),
      true,
      durability(env, execution, log),
    );
  } catch (error) {
    // Stopped through the API, or this node is stopping: the watchdog decides what comes next.
    if (error instanceof Interrupted) return;
    // A fault of the code would recur at every watchdog run: it fails this execution alone. Other
    // errors (the database going away, say) leave it to the next run.
    if (!isProgrammingFault(error)) throw error;
    console.error(`[nubis] states: execution ${arn} failed to run:`, error);
    result = await faultedRun(env, arn, error as Error);
  }
  const { outcome, history } = result;
  const ended = await endExecution(env.storage.db, arn, {
    status: outcome.status,
    ...outcomeFields(outcome),
    stoppedAt: env.clock.now(),
    events: history,
    attempt,
  });
  if (!ended) return;
  log(history);
  // Ended (timed out, say) with children of a Map Run still running: they are aborted with it.
  await abortMapRuns(env.storage.db, arn, env.clock.now());
  // A parent waiting for this execution (a `.sync` task, on any node) learns of its end now.
  await env.storage.notifier.notify(executionChannel(arn));
  if (outcome.status === 'TIMED_OUT') {
    const timedOut = await findExecution(env.storage.db, arn);
    if (timedOut) await stopWaitedChild(env, timedOut);
  }
}
