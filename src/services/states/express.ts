// Express executions (AWS docs, "Choosing workflow type in Step Functions"): run in memory on the
// node that started them, for 5 minutes at most, without a history kept by Step Functions — their
// events go to CloudWatch Logs as the machine's logging configuration says (execution-logs.ts).
// StartExecution on an Express machine answers at once and runs it behind (at most once: a node
// that stops drops what it runs); StartSyncExecution answers with the execution's end.
import { randomUUID } from 'node:crypto';
import { outcomeFields, runExecution, type Host, type Outcome } from '../../asl/interpreter.js';
import type { OperationHandler, RequestContext, ServiceEnvironment } from '../../core/service.js';
import { checkName, checkStartRequest } from './arns.js';
import { storedDefinition } from './definition.js';
import { invalidInput, typeNotSupported } from './errors.js';
import { deliver, destinationOf } from './execution-logs.js';
import { taskPerformer } from './integrations.js';
import { inMemoryMocks, mockedExecutionOf, testCaseStart } from './mocks.js';
import type { MockedExecution } from './mocks-store.js';
import { startTarget, type Target } from './targets.js';

/** "Maximum duration for Express Workflows: 5 minutes" (AWS docs, Step Functions service quotas). */
export const EXPRESS_LIMIT_MS = 300_000;

/** `arn:aws:states:<region>:<account>:express:<machine>:<execution name>:<id>`. */
const expressArn = (machineArn: string, machineName: string, name: string) =>
  `${machineArn.slice(0, machineArn.lastIndexOf(':stateMachine:'))}:express:${machineName}:${name}:${randomUUID()}`;

interface Ended {
  outcome: Outcome;
  stoppedAt: number;
}

export interface ExpressStart {
  executionArn: string;
  name: string;
  startedAt: number;
  ended: Promise<Ended>;
}

/**
 * A host of nothing kept: waits are timers of the node's clock, tasks the integrations' calls, or
 * a test case's mocked responses (mocks.ts).
 */
export function inMemoryHost(env: ServiceEnvironment, arn: string, mocked?: MockedExecution): Host {
  return {
    now: () => env.clock.now(),
    ...(mocked && { mockedTask: inMemoryMocks(mocked) }),
    waitScale: env.config.statesWaitScale ?? 1,
    sleep: (ms, cancelled) =>
      new Promise<void>((resolve) => {
        const timer = env.clock.setTimer(ms, resolve);
        cancelled?.addEventListener('abort', () => timer.cancel(), { once: true });
      }),
    task: taskPerformer(env, arn),
  };
}

/** Starts an Express execution of `target`, as a test case if `mocked`; `ended` settles with its outcome. */
export function startExpress(
  env: ServiceEnvironment,
  target: Target,
  name: string,
  input: unknown,
  synchronous: boolean,
  mocked?: MockedExecution,
): ExpressStart {
  const { machine } = target;
  const executionArn = expressArn(machine.arn, machine.name, name);
  const startedAt = env.clock.now();
  const destination = destinationOf(machine.logging);
  const info = {
    executionArn,
    name,
    roleArn: target.roleArn,
    stateMachineArn: machine.arn,
    stateMachineName: machine.name,
    startTime: startedAt,
    // AWS's context object of a synchronous Express execution has no RedriveCount (recorded).
    ...(!synchronous && { redriveCount: 0 }),
  };
  const host = inMemoryHost(env, executionArn, mocked);
  const definition = storedDefinition(target.definition);
  const ended = runExecution(
    definition,
    input,
    info,
    host,
    destination !== undefined,
    undefined,
    EXPRESS_LIMIT_MS,
  ).then(
    ({ outcome, history }) => {
      if (destination)
        void deliver(env, destination, { arn: executionArn, machineName: machine.name, startedAt }, history);
      return { outcome, stoppedAt: env.clock.now() };
    },
    // A fault of the interpreter fails this execution alone (and never answers a client with a 500).
    (error: unknown) => {
      console.error(`[nubis] states: express execution ${executionArn} failed to run:`, error);
      const cause = `Nubis could not run the execution: ${(error as Error).message ?? String(error)}`;
      return {
        outcome: { status: 'FAILED' as const, error: 'States.Runtime', cause },
        stoppedAt: env.clock.now(),
      };
    },
  );
  return { executionArn, name, startedAt, ended };
}

/** The execution's input, parsed; AWS's InvalidExecutionInput when it is no JSON. */
export function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput((error as Error).message);
  }
}

/** Billed as AWS bills Express: in 100 ms steps of duration, 64 MB steps of memory (recorded answers). */
const billingOf = (durationMs: number) => ({
  billedDurationInMilliseconds: Math.max(1, Math.ceil(durationMs / 100)) * 100,
  billedMemoryUsedInMB: 64,
});

interface SyncInput {
  stateMachineArn: string;
  name?: string;
  input?: string;
  traceHeader?: string;
}

/** Runs an Express execution to its end and answers it (AWS API reference, StartSyncExecution). */
export const StartSyncExecution: OperationHandler<SyncInput> = async (ctx: RequestContext, request) => {
  checkStartRequest(request.name, request.input);
  const { arn, testCase } = testCaseStart(ctx.config, request.stateMachineArn);
  const target = await startTarget(ctx, arn);
  if (target.machine.type !== 'EXPRESS') throw typeNotSupported();
  const mocked =
    testCase === undefined ? undefined : mockedExecutionOf(ctx.config, target.machine.name, testCase);
  const name = request.name ?? randomUUID();
  checkName(name);
  const text = request.input ?? '{}';
  const started = startExpress(ctx, target, name, parseInput(text), true, mocked);
  const { outcome, stoppedAt } = await started.ended;
  return {
    executionArn: started.executionArn,
    stateMachineArn: target.machine.arn,
    name,
    startDate: new Date(started.startedAt),
    stopDate: new Date(stoppedAt),
    status: outcome.status,
    ...outcomeFields(outcome),
    input: text,
    inputDetails: { included: true },
    outputDetails: { included: true },
    ...(request.traceHeader !== undefined && { traceHeader: request.traceHeader }),
    billingDetails: billingOf(stoppedAt - started.startedAt),
  };
};
