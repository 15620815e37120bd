// What one Nubis process keeps to run functions: its environment pool (warm environments are
// processes of this node, not state) and its pre-started runtime processes. Made when the Lambda
// service starts in this process, closed when it stops.
import { EnvironmentPool } from '../../runtimes/pool.js';
import { Prewarmer } from '../../runtimes/prewarm.js';
import type { Clock } from '../../core/clock.js';

/** How long a warm environment waits for work before it is closed (scale to zero). */
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

let host: { pool: EnvironmentPool } | undefined;

export function startRuntimeHost(clock: Clock): void {
  const idle = Number(process.env['NUBIS_LAMBDA_IDLE_TIMEOUT_MS']);
  host ??= {
    pool: new EnvironmentPool({
      idleTimeoutMs: Number.isFinite(idle) && idle > 0 ? idle : DEFAULT_IDLE_TIMEOUT_MS,
      prewarmer: new Prewarmer(),
      clock,
    }),
  };
}

export function environmentPool(): EnvironmentPool {
  if (!host) throw new Error('the Lambda runtime host is not started');
  return host.pool;
}

export async function stopRuntimeHost(): Promise<void> {
  const stopping = host;
  host = undefined;
  await stopping?.pool.close();
}
