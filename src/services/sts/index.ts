import type { ServiceDefinition } from '../../core/service.js';

export const sts: ServiceDefinition = {
  name: 'sts',
  models: ['sts-2011-06-15.min.json'],
  load: async () => (await import('./implementation.js')).implementation,
};
