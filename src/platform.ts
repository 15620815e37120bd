import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, SystemClock, type Clock } from './core/clock.js';
import { createInternalClient } from './core/internal-client.js';
import { ServiceRegistry } from './core/registry.js';
import type { PlatformConfig, ServiceDefinition, ServiceEnvironment } from './core/service.js';
import { createGateway } from './gateway/gateway.js';
import { services as defaultServices } from './services/index.js';
import { createStorage } from './storage/index.js';
import type { Database } from './storage/types.js';

export interface Platform {
  /** `http://host:port` actually listened on (the port is chosen by the OS when 0 was asked). */
  url: string;
  config: PlatformConfig;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (long polls end early), closes the database. */
  stop(): Promise<void>;
}

export interface PlatformOptions {
  clock?: Clock;
  services?: ServiceDefinition[];
}

/** The composition root: storage, clock, services, gateway and background work. */
export async function createPlatform(
  config: PlatformConfig,
  options: PlatformOptions = {},
): Promise<Platform> {
  const clock = options.clock ?? new SystemClock();
  const storage = await createStorage({
    kind: config.storage,
    dataDir: config.dataDir,
    postgresUrl: config.postgresUrl,
    clock,
  });
  const shutdown = new AbortController();
  let endpoint = `http://${config.host}:${config.port}`;
  const env: ServiceEnvironment = {
    storage,
    clock,
    config,
    client: createInternalClient(
      () => registry,
      () => env,
      () => endpoint,
    ),
  };
  const registry = new ServiceRegistry(options.services ?? defaultServices, env);
  storage.jobs.start();

  const gateway = createGateway({
    config,
    registry,
    env,
    shutdown: shutdown.signal,
    jobsIdle: () => storage.jobs.idle(),
    manualClock: clock instanceof ManualClock ? clock : undefined,
  });
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void gateway(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  void loadServicesWithPendingJobs(registry, storage.db);
  const address = server.address() as AddressInfo;
  endpoint = `http://${formatHost(config.host)}:${address.port}`;
  // Services see the port actually listened on (with --port 0 the OS chose it).
  env.config = { ...config, port: address.port };

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      shutdown.abort();
      server.closeIdleConnections();
      await closed;
      await registry.stop();
      await storage.close();
    })();
    return stopping;
  };
  return { url: endpoint, config: env.config, server, stop };
}

/**
 * Services load lazily, and a service registers its job handlers when it loads. Durable jobs left
 * from before a restart (an SQS message move task, say) would wait for the service's first request,
 * so the services that own pending jobs are loaded in the background at start. Job kinds are named
 * `<service>.<what>`.
 */
async function loadServicesWithPendingJobs(registry: ServiceRegistry, db: Database): Promise<void> {
  try {
    const rows = await db.all<{ kind: string }>('SELECT DISTINCT kind FROM nubis_jobs');
    const names = new Set(rows.map((row) => row.kind.split('.')[0] ?? ''));
    await Promise.all([...names].map((name) => registry.get(name)?.implementation()));
  } catch (error) {
    console.error('[nubis] loading services with pending jobs failed:', error);
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
