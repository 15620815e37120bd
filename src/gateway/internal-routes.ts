import type { ManualClock } from '../core/clock.js';
import type { ServiceRegistry } from '../core/registry.js';
import type { PlatformConfig } from '../core/service.js';
import type { HttpResponse } from '../protocol/types.js';

/** Every route of Nubis's own lives under `/_nubis/` (contract). */
export const INTERNAL_PREFIX = '/_nubis/';

export interface InternalRouteDeps {
  config: PlatformConfig;
  /** Waits until no durable job runs on this node, so a clock step's consequences are done. */
  jobsIdle: () => Promise<void>;
  registry: ServiceRegistry;
  /** Present only when the process runs on a manual clock (tests). */
  manualClock: ManualClock | undefined;
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function health(deps: InternalRouteDeps): HttpResponse {
  const services: Record<string, string> = {};
  for (const runtime of deps.registry.all()) {
    services[runtime.name] = runtime.definition.load ? 'available' : 'not-implemented';
  }
  return json(200, { status: 'ready', version: deps.config.version, storage: deps.config.storage, services });
}

/**
 * `POST /_nubis/clock {"advanceMs": N}` moves a manual clock; tests use it instead of sleeping. It
 * answers once the jobs that fell due have run.
 */
async function advanceClock(deps: InternalRouteDeps, body: Buffer): Promise<HttpResponse> {
  if (!deps.manualClock) return json(404, { message: 'the clock is not manual' });
  let advanceMs: unknown;
  try {
    advanceMs = (JSON.parse(body.toString('utf8')) as { advanceMs?: unknown }).advanceMs;
  } catch {
    return json(400, { message: 'body must be JSON' });
  }
  if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
    return json(400, { message: 'advanceMs must be a non-negative number' });
  }
  deps.manualClock.advance(advanceMs);
  await deps.jobsIdle();
  return json(200, { now: deps.manualClock.now() });
}

export async function internalRoute(
  deps: InternalRouteDeps,
  method: string,
  path: string,
  body: Buffer,
): Promise<HttpResponse> {
  if (path === '/_nubis/health' && (method === 'GET' || method === 'HEAD')) return health(deps);
  if (path === '/_nubis/clock' && method === 'POST') return advanceClock(deps, body);
  if (path === '/_nubis/clock' && method === 'GET' && deps.manualClock)
    return json(200, { now: deps.manualClock.now() });
  return json(404, { message: `no such route: ${method} ${path}` });
}
