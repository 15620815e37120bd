import type { ServiceDefinition } from '../../core/service.js';

/** Amazon CloudWatch Logs (JSON 1.1, `Logs_20140328.*` targets). */
export const logs: ServiceDefinition = {
  name: 'logs',
  models: ['logs-2014-03-28.min.json'],
  // Lambda writes invocation logs and metrics after answering.
  readsBackgroundWrites: true,
  load: async () => (await import('./implementation.js')).implementation,
};
