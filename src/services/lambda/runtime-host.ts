// What one Nubis process keeps to run functions: its environment pool (warm environments are
// processes of this node, not state), its pre-started runtime processes and the count of its
// invocations in flight. Made when the Lambda service starts in this process, closed when it stops.
import { EnvironmentPool } from '../../runtimes/pool.js';
import { Prewarmer } from '../../runtimes/prewarm.js';
import type { Clock } from '../../core/clock.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { idleTimeoutMs } from './settings.js';

interface RuntimeHost {
  pool: EnvironmentPool;
  gate: ConcurrencyGate;
}

let host: RuntimeHost | undefined;

export function startRuntimeHost(clock: Clock): void {
  host ??= {
    pool: new EnvironmentPool({ idleTimeoutMs: idleTimeoutMs(), prewarmer: new Prewarmer(), clock }),
    gate: new ConcurrencyGate(),
  };
}

function started(): RuntimeHost {
  if (!host) throw new Error('the Lambda runtime host is not started');
  return host;
}

export function environmentPool(): EnvironmentPool {
  return started().pool;
}

export function concurrencyGate(): ConcurrencyGate {
  return started().gate;
}

export async function stopRuntimeHost(): Promise<void> {
  const stopping = host;
  host = undefined;
  await stopping?.pool.close();
}
