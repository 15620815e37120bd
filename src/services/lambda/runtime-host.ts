// What one Nubis process keeps to run functions: its environment pool (warm environments are
// processes of this node, not state), its pre-started runtime processes, its invocations in flight
// and the units of concurrency limits it holds, the queue of what invocations tell CloudWatch, and the invoke path's cached
// reads. Made when the Lambda service starts in this process, closed when it stops.
import { EnvironmentPool } from '../../runtimes/pool.js';
import { Prewarmer } from '../../runtimes/prewarm.js';
import type { ServiceEnvironment } from '../../core/service.js';
import { concurrencyClaims } from './concurrency-claims.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { ConcurrencyHoldings } from './concurrency-holdings.js';
import { FUNCTIONS_CHANNEL, InvokeReads } from './invoke-reads.js';
import { idleTimeoutMs, invokeReadLifetimeMs } from './settings.js';
import { TelemetryQueue } from './telemetry.js';

interface RuntimeHost {
  pool: EnvironmentPool;
  gate: ConcurrencyGate;
  holdings: ConcurrencyHoldings;
  telemetry: TelemetryQueue;
  reads: InvokeReads;
  stopListening: () => void;
}

let host: RuntimeHost | undefined;

export function startRuntimeHost(env: ServiceEnvironment): void {
  if (host) return;
  const reads = new InvokeReads(invokeReadLifetimeMs());
  const holdings = new ConcurrencyHoldings(concurrencyClaims(env.storage, env.clock), env.clock);
  host = {
    pool: new EnvironmentPool({
      idleTimeoutMs: idleTimeoutMs(),
      prewarmer: new Prewarmer(),
      clock: env.clock,
    }),
    gate: new ConcurrencyGate(holdings),
    holdings,
    telemetry: new TelemetryQueue(env.client),
    reads,
    stopListening: env.storage.notifier.subscribe(FUNCTIONS_CHANNEL, () => reads.clear()),
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

export function telemetry(): TelemetryQueue {
  return started().telemetry;
}

export function invokeReads(): InvokeReads {
  return started().reads;
}

/**
 * Invocations still in flight (their callers may have gone) end with their environments, and
 * what they tell CloudWatch is written before the node stops; until then the host stays reachable.
 */
export async function stopRuntimeHost(): Promise<void> {
  const stopping = host;
  if (!stopping) return;
  stopping.stopListening();
  await stopping.pool.close();
  await new Promise((resolve) => setImmediate(resolve));
  await stopping.telemetry.drain();
  await stopping.holdings.stop();
  if (host === stopping) host = undefined;
}
