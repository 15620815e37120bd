import { runExecution } from '../src/asl/interpreter.js';
import type { Machine } from '../src/asl/definition.js';
import { median, round } from './stats.js';

/**
 * State transitions per second of the States Language interpreter on one core, as an Express
 * execution runs it (events numbered, not kept): a Pass/Choice loop counting to LOOPS with
 * States.MathAdd, each loop three transitions. Several runs; the median is reported. This measures
 * the interpreter alone (no HTTP, no storage); the service's StartSyncExecution adds one request.
 */
const LOOPS = Number(process.env['BENCH_LOOPS'] ?? 20_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);

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

const LOOP = loopMachine(LOOPS);

const INFO = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:express:loop:run',
  name: 'run',
  roleArn: 'arn:aws:iam::000000000000:role/bench',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:loop',
  stateMachineName: 'loop',
  startTime: 0,
  redriveCount: 0,
};

export async function benchStates(): Promise<void> {
  const host = { now: () => Date.now(), sleep: async () => undefined };
  const transitions = 2 + LOOPS * 2;
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const { outcome } = await runExecution(LOOP, {}, INFO, host, false);
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== 'SUCCEEDED') throw new Error(`the loop failed: ${JSON.stringify(outcome)}`);
    rates.push(transitions / seconds);
  }
  console.log(
    JSON.stringify(
      {
        loops: LOOPS,
        transitions,
        runs: RUNS,
        'transitions/s median': round(median(rates), 0),
        'transitions/s all': rates.map((rate) => round(rate, 0)),
      },
      null,
      2,
    ),
  );
}
