import type { ServiceDefinition } from '../../core/service.js';

export const states: ServiceDefinition = {
  name: 'states',
  models: ['states-2016-11-23.min.json'],
  load: async () => (await import('./implementation.js')).implementation,
};
