import { randomUUID } from 'node:crypto';
import { CommonErrors } from './aws-error.js';
import type { ServiceRegistry } from './registry.js';
import { createRequestContext } from './context.js';
import type { InternalClient, ServiceEnvironment } from './service.js';
import type { HttpRequest } from '../protocol/types.js';

const NEVER_ABORTED = new AbortController().signal;
const INTERNAL_REQUEST: HttpRequest = {
  method: 'POST',
  path: '/',
  query: '',
  headers: {},
  body: Buffer.alloc(0),
};

/**
 * Services call each other through the same operation entry points a client reaches (SNS→SQS,
 * EventBridge→Lambda), never by reading each other's tables. The call skips the wire codecs.
 */
export function createInternalClient(
  getRegistry: () => ServiceRegistry,
  getEnv: () => ServiceEnvironment,
  endpoint: () => string,
): InternalClient {
  return {
    async call(service, operation, input, scope) {
      const runtime = getRegistry().get(service);
      if (!runtime) throw new Error(`unknown service ${service}`);
      const implementation = await runtime.implementation();
      const handler = implementation.operations[operation];
      if (!handler) throw CommonErrors.notImplemented(operation, service);
      const ctx = createRequestContext(
        getEnv(),
        {
          requestId: scope.requestId ?? randomUUID(),
          accountId: scope.accountId,
          region: scope.region,
          accessKeyId: scope.accountId,
          endpoint: endpoint(),
          signal: () => scope.signal ?? NEVER_ABORTED,
          internal: true,
        },
        { service, operation, protocol: 'json', http: INTERNAL_REQUEST },
      );
      return handler(ctx, input);
    },
  };
}
