import type { HttpRequest } from '../protocol/types.js';
import type { RequestContext, ServiceEnvironment } from './service.js';

/** Who asks, as the gateway (or the internal client) established it. */
export interface Caller {
  requestId: string;
  accountId: string;
  region: string;
  accessKeyId: string;
  endpoint: string;
  /** Made on first use: only long polls ask for it. */
  signal: () => AbortSignal;
  /** True when another service calls through the internal client, not a client over HTTP. */
  internal: boolean;
}

/** Spelled out rather than spread: V8 builds object literals with spreads far more slowly. */
export function createRequestContext(
  env: ServiceEnvironment,
  caller: Caller,
  request: { service: string; operation: string; protocol: RequestContext['protocol']; http: HttpRequest },
): RequestContext {
  return {
    storage: env.storage,
    clock: env.clock,
    client: env.client,
    config: env.config,
    requestId: caller.requestId,
    accountId: caller.accountId,
    region: caller.region,
    accessKeyId: caller.accessKeyId,
    endpoint: caller.endpoint,
    service: request.service,
    operation: request.operation,
    protocol: request.protocol,
    http: request.http,
    internal: caller.internal,
    get signal() {
      return caller.signal();
    },
  };
}
