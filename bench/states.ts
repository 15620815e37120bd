import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { runExecution } from '../src/asl/interpreter.js';
import type { Machine } from '../src/asl/definition.js';
import { sdkConfig, startNubis } from '../test/support/nubis.js';
import { median, round } from './stats.js';

/**
 * State transitions per second of Express executions on one core, for two workloads: a Pass/Choice
 * loop counting with States.MathAdd (intrinsics + Choice) and a chain of Pass states. Each is run
 * RUNS times (the median is reported) three ways, in the same run:
 * - the States Language interpreter alone, in this process (events numbered, not kept);
 * - the reference, the in-process interpreter aws-local-stepfunctions, when ASL_REFERENCE_SRC names
 *   a folder where it is installed (`npm install aws-local-stepfunctions`);
 * - through the service: StartSyncExecution of an Express machine on a Nubis node (one request per
 *   execution; the node's one thread runs the interpreter).
 */
const LOOPS = Number(process.env['BENCH_LOOPS'] ?? 20_000);
const PASSES = Number(process.env['BENCH_PASSES'] ?? 10_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const REFERENCE_SRC = process.env['ASL_REFERENCE_SRC'];

/** A Pass/Choice loop counting to `loops` with States.MathAdd: 2 + 2 × loops transitions. */
export const loopMachine = (loops: number): Machine => ({
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Count' },
    Count: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.i', NumericLessThan: loops, Next: 'Count' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

/** `count` Pass states one after the other, each placing a result: `count` transitions. */
const passChain = (count: number): Machine => ({
  StartAt: 'P0',
  States: Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `P${i}`,
      {
        Type: 'Pass',
        Result: { step: i },
        ResultPath: '$.last',
        ...(i === count - 1 ? { End: true } : { Next: `P${i + 1}` }),
      },
    ]),
  ),
});

interface Workload {
  name: string;
  machine: Machine;
  transitions: number;
}

const WORKLOADS: Workload[] = [
  { name: 'intrinsics + Choice loop', machine: loopMachine(LOOPS), transitions: 2 + LOOPS * 2 },
  { name: 'Pass chain', machine: passChain(PASSES), transitions: PASSES },
];

const INFO = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:express:loop:run:id',
  name: 'run',
  roleArn: 'arn:aws:iam::000000000000:role/bench',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:loop',
  stateMachineName: 'loop',
  startTime: 0,
  redriveCount: 0,
};

/** The median rate of RUNS timed runs of `once` (which answers whether the run succeeded). */
async function rateOf(transitions: number, once: () => Promise<boolean>): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    if (!(await once())) throw new Error('a benchmark execution did not succeed');
    rates.push(transitions / ((performance.now() - started) / 1000));
  }
  return round(median(rates), 0);
}

function interpreterRate(workload: Workload): Promise<number> {
  const host = { now: () => Date.now(), sleep: async () => undefined };
  return rateOf(workload.transitions, async () => {
    const { outcome } = await runExecution(workload.machine, {}, INFO, host, false);
    return outcome.status === 'SUCCEEDED';
  });
}

interface ReferenceMachine {
  run(input: unknown): { result: Promise<unknown> };
}
type ReferenceModule = {
  StateMachine: new (definition: unknown, options: unknown) => ReferenceMachine;
};

async function referenceModule(): Promise<ReferenceModule | undefined> {
  if (!REFERENCE_SRC) return undefined;
  const require = createRequire(join(REFERENCE_SRC, 'package.json'));
  return (await import(require.resolve('aws-local-stepfunctions'))) as ReferenceModule;
}

function referenceRate(reference: ReferenceModule, workload: Workload): Promise<number> {
  const machine = new reference.StateMachine(workload.machine, { validationOptions: { checkPaths: false } });
  return rateOf(workload.transitions, async () => {
    await machine.run({}).result;
    return true;
  });
}

async function serviceRates(): Promise<number[]> {
  const nubis = await startNubis();
  // The bench client addresses the node directly: no `sync-` host to resolve.
  const sfn = new SFNClient({ ...sdkConfig(nubis.endpoint), maxAttempts: 1, disableHostPrefix: true });
  try {
    const rates: number[] = [];
    for (const [index, workload] of WORKLOADS.entries()) {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `bench-${index}`,
          type: 'EXPRESS',
          definition: JSON.stringify(workload.machine),
          roleArn: INFO.roleArn,
        }),
      );
      rates.push(
        await rateOf(workload.transitions, async () => {
          const answer = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn }));
          return answer.status === 'SUCCEEDED';
        }),
      );
    }
    return rates;
  } finally {
    sfn.destroy();
    await nubis.stop();
  }
}

export async function benchStates(): Promise<void> {
  const reference = await referenceModule();
  const service = await serviceRates();
  const results = [];
  for (const [index, workload] of WORKLOADS.entries()) {
    const interpreter = await interpreterRate(workload);
    const referenceMedian = reference ? await referenceRate(reference, workload) : undefined;
    results.push({
      workload: workload.name,
      transitions: workload.transitions,
      'interpreter transitions/s': interpreter,
      'StartSyncExecution transitions/s': service[index],
      ...(referenceMedian !== undefined && {
        'aws-local-stepfunctions transitions/s': referenceMedian,
        'StartSyncExecution / reference': round(service[index]! / referenceMedian, 2),
      }),
    });
  }
  console.log(JSON.stringify({ runs: RUNS, results }, null, 2));
}
