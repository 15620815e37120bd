import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionEnvironment, type EnvironmentSpec } from '../src/runtimes/environment.js';
import { Prewarmer } from '../src/runtimes/prewarm.js';
import { median, percentile, round } from './stats.js';

/**
 * Execution environments on their own (no Lambda API in front yet): a cold start — start an
 * environment and complete its first invocation — from a fresh process and from a pre-started one,
 * and warm invocations of a trivial handler, for Node.js and Python.
 */
const COLD_RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const WARM_INVOKES = 2_000;

function specFor(runtime: string, root: string, handler: string): EnvironmentSpec {
  return {
    runtime,
    handler,
    codeDirectory: root,
    memoryMb: 128,
    timeoutSeconds: 10,
    variables: { PATH: process.env['PATH'] ?? '', LAMBDA_TASK_ROOT: root, _HANDLER: handler },
  };
}

async function coldStart(
  spec: EnvironmentSpec,
  prewarmer: Prewarmer | undefined,
  run: number,
): Promise<number> {
  const started = performance.now();
  const environment = await ExecutionEnvironment.start(spec, prewarmer);
  await environment.invoke({
    requestId: `cold-${run}`,
    payload: Buffer.from('{}'),
    invokedFunctionArn: 'bench',
  });
  const elapsed = performance.now() - started;
  await environment.close();
  return elapsed;
}

async function colds(spec: EnvironmentSpec, prewarmed: boolean): Promise<number[]> {
  const prewarmer = prewarmed ? new Prewarmer() : undefined;
  prewarmer?.take(spec)?.kill(); // starts the first pre-started process
  const times: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    // Give the replacement process time to load, as the idle time between cold starts would.
    if (prewarmer) await new Promise((resolve) => setTimeout(resolve, 300));
    times.push(await coldStart(spec, prewarmer, run));
  }
  prewarmer?.close();
  return times;
}

async function warms(spec: EnvironmentSpec): Promise<number[]> {
  const environment = await ExecutionEnvironment.start(spec);
  const times: number[] = [];
  for (let i = 0; i < WARM_INVOKES; i++) {
    const started = performance.now();
    await environment.invoke({
      requestId: `warm-${i}`,
      payload: Buffer.from('{}'),
      invokedFunctionArn: 'bench',
    });
    times.push(performance.now() - started);
  }
  await environment.close();
  return times.slice(WARM_INVOKES / 4); // past JIT warm-up
}

export async function benchEnvironments(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'nubis-bench-env-'));
  writeFileSync(join(root, 'index.mjs'), 'export const handler = async (event) => event;');
  writeFileSync(join(root, 'app.py'), 'def handler(event, context):\n    return event\n');
  const rows: Record<string, Record<string, number>> = {};
  try {
    for (const [runtime, handler] of [
      ['nodejs22.x', 'index.handler'],
      ['python3.12', 'app.handler'],
    ] as const) {
      const spec = specFor(runtime, root, handler);
      const fresh = await colds(spec, false);
      const prewarmed = await colds(spec, true);
      const warm = await warms(spec);
      rows[runtime] = {
        coldFreshMs: round(median(fresh)),
        coldPrewarmedMs: round(median(prewarmed)),
        warmP50Ms: round(percentile(warm, 50), 3),
        warmP99Ms: round(percentile(warm, 99), 3),
      };
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(
    `Execution environments (${COLD_RUNS} cold starts each, ${WARM_INVOKES} warm invokes; medians)`,
  );
  console.table(rows);
}
