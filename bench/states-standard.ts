import {
  DescribeExecutionCommand,
  CreateStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, type StorageKind } from '../test/support/nubis.js';
import { loopMachine } from './states.js';
import { median, percentile, round } from './stats.js';

/**
 * Durable Standard executions through the service: EXECUTIONS executions of a Pass/Choice loop
 * (LOOPS loops, two transitions each) started together, every top-level transition saved to the
 * database (BENCH_STORAGE, default SQLite) with its events. Reports committed transitions per
 * second over the whole run (from the first StartExecution to the last end) and StartExecution's
 * latency measured on its own beforehand, one call at a time.
 */
const LOOPS = Number(process.env['BENCH_LOOPS'] ?? 200);
const EXECUTIONS = Number(process.env['BENCH_EXECUTIONS'] ?? 20);
const STARTS = Number(process.env['BENCH_STARTS'] ?? 200);
const STORAGE = (process.env['BENCH_STORAGE'] ?? 'sqlite') as StorageKind;

const loop = (loops: number) => JSON.stringify(loopMachine(loops));

export async function benchStatesStandard(): Promise<void> {
  const nubis = await startNubis({ storage: STORAGE });
  const sfn = new SFNClient({ ...sdkConfig(nubis.endpoint), maxAttempts: 1 });
  try {
    const roleArn = 'arn:aws:iam::000000000000:role/bench';
    const create = async (name: string, loops: number) =>
      (await sfn.send(new CreateStateMachineCommand({ name, definition: loop(loops), roleArn })))
        .stateMachineArn!;
    // StartExecution alone: a machine that ends at once, started one call at a time.
    const quick = await create('quick', 0);
    const latencies: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const started = performance.now();
      await sfn.send(new StartExecutionCommand({ stateMachineArn: quick }));
      latencies.push(performance.now() - started);
    }
    const machine = await create('loop', LOOPS);
    const started = performance.now();
    const arns = await Promise.all(
      Array.from(
        { length: EXECUTIONS },
        async () => (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }))).executionArn!,
      ),
    );
    for (const executionArn of arns) {
      for (;;) {
        const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (status === 'SUCCEEDED') break;
        if (status !== 'RUNNING') throw new Error(`${executionArn} ended ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const transitions = EXECUTIONS * (2 + LOOPS * 2);
    console.log(
      JSON.stringify(
        {
          storage: STORAGE,
          executions: EXECUTIONS,
          'transitions each': 2 + LOOPS * 2,
          'durable transitions/s': round(transitions / seconds, 0),
          'StartExecution p50 ms': round(median(latencies), 2),
          'StartExecution p99 ms': round(percentile(latencies, 99), 2),
        },
        null,
        2,
      ),
    );
  } finally {
    sfn.destroy();
    await nubis.stop();
  }
}
