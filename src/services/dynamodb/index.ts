import type { ServiceDefinition } from '../../core/service.js';

/** Amazon DynamoDB (JSON 1.0, `DynamoDB_20120810.*` targets). */
export const dynamodb: ServiceDefinition = {
  name: 'dynamodb',
  models: ['dynamodb-2012-08-10.min.json'],
  load: async () => (await import('./implementation.js')).implementation,
};
