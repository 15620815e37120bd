import type { ServiceDefinition } from '../../core/service.js';

/** AWS Lambda (REST-JSON). The control plane for functions; invocation comes later. */
export const lambda: ServiceDefinition = {
  name: 'lambda',
  models: ['lambda-2015-03-31.min.json'],
  load: async () => (await import('./implementation.js')).implementation,
};
